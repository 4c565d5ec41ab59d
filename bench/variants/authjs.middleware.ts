// Benchmark variant: the peer's way, `decode` from next-auth/jwt on every
// request (derives its key with HKDF per call, A256CBC-HS512). Kept only here.

import { type NextRequest, NextResponse } from "next/server";
import { decode } from "next-auth/jwt";

export async function middleware(req: NextRequest) {
  const token = req.cookies.get("edge-token")?.value;
  const claims = token
    ? await decode({ token, secret: process.env.AUTH_SECRET ?? "", salt: "edge-token" }).catch(() => null)
    : null;
  if (!claims) return NextResponse.redirect(new URL("/login", req.url), 303);
  return NextResponse.next();
}

export const config = {
  matcher: ["/dashboard/:path*", "/devices/:path*", "/settings/:path*", "/admin/:path*"],
};
