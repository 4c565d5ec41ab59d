// The messages the app sends: plain text plus simple HTML (every value escaped;
// no images, no tracking, no styles that need a remote fetch). Each says which
// product it is from, what happened, when (UTC), from which device, and what to
// do if it was not the reader. Subjects start with the words in the UI contract.
import type { ClientInfo } from "@/lib/http/client-info";
import { mailLink } from "./links";
import type { OutgoingMail } from "./outbox";

export const PRODUCT_NAME = "Hybrid Auth";

type Recipient = { email: string; name: string | null };
type Device = Pick<ClientInfo, "deviceLabel" | "ip">;

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** "2026-11-25 17:40 UTC": the same for every reader, whatever their time zone. */
export function utcTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function deviceText(device: Device): string {
  return `${device.deviceLabel} (IP address ${device.ip ?? "unknown"})`;
}

/** A paragraph is a list of pieces: text, or a link shown with its address in the plain-text part. */
type Piece = string | { link: string; label: string };
type Paragraph = Piece[];

function render(kind: string, to: Recipient, subject: string, paragraphs: Paragraph[]): OutgoingMail {
  const greeting: Paragraph = [`Hello${to.name ? ` ${to.name}` : ""},`];
  const signature: Paragraph = [
    `${PRODUCT_NAME}. You get this message because it concerns the security of your account.`,
  ];
  const all = [greeting, ...paragraphs, signature];
  const text = all
    .map((p) =>
      p.map((piece) => (typeof piece === "string" ? piece : `${piece.label}: ${piece.link}`)).join(""),
    )
    .join("\n\n");
  const body = all
    .map(
      (p) =>
        `<p>${p
          .map((piece) =>
            typeof piece === "string"
              ? escapeHtml(piece)
              : `<a href="${escapeHtml(piece.link)}">${escapeHtml(piece.label)}</a>`,
          )
          .join("")}</p>`,
    )
    .join("\n");
  const html = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n<body>\n${body}\n</body></html>\n`;
  return { kind, to: to.email, subject, text: `${text}\n`, html };
}

export function passwordChangedMail(to: Recipient, at: Date, device: Device): OutgoingMail {
  return render("password_changed", to, "Your password was changed", [
    [
      `The password of your ${PRODUCT_NAME} account ${to.email} was changed on ${utcTime(at)} from ${deviceText(device)}. Every other device signed in to the account was signed out.`,
    ],
    ["If this was you, there is nothing more to do."],
    [
      "If it was not you, someone else knows your password. Try to sign in at once and change it again, and ask an administrator to lock the account if you cannot: ",
      { link: mailLink("/login"), label: "Sign in" },
    ],
  ]);
}

/** The administrator's device and address stay out of it: they are not the reader's to know. */
export function accountLockedMail(to: Recipient, at: Date): OutgoingMail {
  return render("account_locked", to, "Your account was locked", [
    [
      `An administrator locked your ${PRODUCT_NAME} account ${to.email} on ${utcTime(at)}. Every device signed in to the account was signed out, and signing in is refused until it is unlocked.`,
    ],
    [
      "If you did not expect this, contact your administrator: they can tell you why and unlock it. Once it is unlocked, sign in here: ",
      { link: mailLink("/login"), label: "Sign in" },
    ],
  ]);
}
