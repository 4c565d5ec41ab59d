// Mail the e2e server sent over real SMTP, read back from the sink's spool
// (scripts/e2e-server.ts). Every test has fresh addresses, so a recipient's
// messages are that test's alone.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import type { ReceivedMail } from "@/lib/testing/smtp-server";
import { E2E_MAIL_DIR } from "./env";
import { recordSecret } from "./secrets";

/** The sink's URL, for servers a spec starts on the e2e database. */
export function sinkUrl(): string {
  return readFileSync(path.join(E2E_MAIL_DIR, "smtp-url"), "utf8");
}

/** Messages received so far for `address`, oldest first, optionally only those whose subject starts with `subject`. */
export function mailTo(address: string, subject?: string): ReceivedMail[] {
  const found = readdirSync(E2E_MAIL_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(E2E_MAIL_DIR, f), "utf8")) as ReceivedMail)
    .filter((m) => m.to.includes(address) && (!subject || m.subject.startsWith(subject)));
  // The tokens of the links in them, for the run's log check (e2e/secrets.ts).
  for (const m of found)
    for (const [, token] of m.text.matchAll(/[?&]token=([^&\s"<>]+)/g))
      recordSecret("mail link token", decodeURIComponent(token!));
  return found;
}

/** Waits until `count` messages (default 1) matching have arrived, and returns the newest. */
export async function waitForMail(address: string, subject: string, count = 1): Promise<ReceivedMail> {
  await expect
    .poll(() => mailTo(address, subject).length, {
      timeout: 15_000,
      message: `mail "${subject}" to ${address}`,
    })
    .toBeGreaterThanOrEqual(count);
  return mailTo(address, subject).at(-1)!;
}

/** The address of the link labelled `label` in a message's HTML part. */
export function linkIn(mail: ReceivedMail, label: string): string {
  for (const [, href, text] of mail.html.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g))
    if (text?.replace(/&#39;/g, "'") === label) return href!.replace(/&amp;/g, "&");
  throw new Error(`no link "${label}" in "${mail.subject}"`);
}
