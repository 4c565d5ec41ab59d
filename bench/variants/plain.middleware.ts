// Benchmark variant standing in for "no middleware": its matcher matches no
// request, so it never runs. (A variant with no middleware file at all gets the
// project's own middleware.ts compiled in, found above its folder.)
import { NextResponse } from "next/server";

export function middleware() {
  return NextResponse.next();
}

export const config = { matcher: ["/__bench-no-request-matches-this__"] };
