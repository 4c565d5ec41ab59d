import { UAParser } from "ua-parser-js";

/** "Chrome on macOS", "Firefox on Windows", ... or "Unknown device". */
export function deviceLabel(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  const { browser, os } = new UAParser(userAgent).getResult();
  const name = browser.name?.replace(/^Mobile /, "");
  if (name && os.name) return `${name} on ${os.name === "Mac OS" ? "macOS" : os.name}`;
  return name ?? os.name ?? "Unknown device";
}
