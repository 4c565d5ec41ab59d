// Hand-made `next` values an attacker would try, and what safeNextPath must make
// of each: the unit test runs them through the function, e2e/security/redirects.spec.ts
// through the refresh route and /login. `next` is the value after the query
// string is decoded once; REFUSED means the fallback, /dashboard.

export const REFUSED = "/dashboard";

export const NEXT_PATH_CASES: { next: string; want: string }[] = [
  // Same-origin paths are kept, dot segments resolved the way the browser would.
  { next: "/devices", want: "/devices" },
  { next: "/admin/sessions?page=2", want: "/admin/sessions?page=2" },
  { next: "/a/../devices", want: "/devices" },
  { next: "/a/%2e%2e/devices", want: "/devices" },
  {
    next: "/devices?q=%2F%2Fevil.example#//evil.example",
    want: "/devices?q=%2F%2Fevil.example#//evil.example",
  },
  // Dot segments that collapse into "//".
  { next: "/.//evil.example/x", want: REFUSED },
  { next: "/a/..//evil.example", want: REFUSED },
  { next: "/..//evil.example", want: REFUSED },
  { next: "/a/b/../..//evil.example", want: REFUSED },
  // The URL parser reads "%2e" as a dot in a dot segment.
  { next: "/%2e//evil.example", want: REFUSED },
  { next: "/a/%2e%2e//evil.example", want: REFUSED },
  { next: "/a/.%2E//evil.example", want: REFUSED },
  // Escaped slashes and backslashes, once or twice.
  { next: "/%2F%2Fevil.example", want: REFUSED },
  { next: "/%2f/evil.example", want: REFUSED },
  { next: "/%5C%5Cevil.example", want: REFUSED },
  { next: "/%252F%252Fevil.example", want: REFUSED },
  { next: "/%252e%252e//evil.example", want: REFUSED },
  // Backslashes, which browsers read as "/".
  { next: "/\\evil.example", want: REFUSED },
  { next: "\\\\evil.example", want: REFUSED },
  { next: "/.\\/evil.example", want: REFUSED },
  { next: "/a/..\\\\evil.example", want: REFUSED },
  // Tabs and newlines, which browsers drop; raw or escaped.
  { next: "/\t/evil.example", want: REFUSED },
  { next: "/\n/evil.example", want: REFUSED },
  { next: "/.\r\n//evil.example", want: REFUSED },
  { next: "/%09/evil.example", want: REFUSED },
  { next: "/%0a/evil.example", want: REFUSED },
  // Another host, or no path at all.
  { next: "//evil.example/x", want: REFUSED },
  { next: "///evil.example", want: REFUSED },
  { next: "https://evil.example/", want: REFUSED },
  { next: "HTTP://evil.example", want: REFUSED },
  { next: "javascript:alert(1)", want: REFUSED },
  { next: "data:text/html,<script>alert(1)</script>", want: REFUSED },
  { next: "evil.example", want: REFUSED },
  { next: "", want: REFUSED },
  { next: `/${"a".repeat(2000)}`, want: REFUSED },
];
