// Response headers every page gets, set by middleware. Edge-safe.
// The CSP carries a fresh nonce per request; Next reads it from the request's
// CSP header and puts it on its own scripts, so no inline script needs 'unsafe-inline'.

export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** `formTargets`: origins besides our own a form may lead to (sign-in providers). */
export function contentSecurityPolicy(
  nonce: string,
  { https, dev, formTargets = [] }: { https: boolean; dev: boolean; formTargets?: string[] },
): string {
  return [
    "default-src 'self'",
    // React's development build evaluates strings for its stack traces; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(csp: string, https: boolean): Record<string, string> {
  return {
    "content-security-policy": csp,
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "cross-origin-opener-policy": "same-origin",
    ...(https ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
