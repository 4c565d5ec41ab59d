// Benchmark variant: middleware that runs on the same paths and does nothing,
// the floor any edge gate pays on this runtime.
import { NextResponse } from "next/server";

export function middleware() {
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/internal/).*)"],
};
