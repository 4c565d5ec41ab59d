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

/** After a change (`how` "change": the device that changed it stays signed in) or a reset by mail (every device signed out). */
export function passwordChangedMail(
  to: Recipient,
  at: Date,
  device: Device,
  how: "change" | "reset" = "change",
  /** What a reset that first proved the address removed, in words (lib/users/verified-only.ts). */
  removed: string[] = [],
): OutgoingMail {
  const ended =
    how === "reset"
      ? "It was reset with a link sent to this address, and every device signed in to the account was signed out."
      : "Every other device signed in to the account was signed out.";
  const removal: Paragraph[] =
    removed.length > 0
      ? [
          [
            `This also proved the address for the first time, so what was added to the account before it was proved was removed, as it may not have been yours: ${removed.join(", ")}. Sign in with the new password and add again what you use.`,
          ],
        ]
      : [];
  return render("password_changed", to, "Your password was changed", [
    [
      `The password of your ${PRODUCT_NAME} account ${to.email} was changed on ${utcTime(at)} from ${deviceText(device)}. ${ended}`,
    ],
    ...removal,
    ["If this was you, there is nothing more to do."],
    [
      "If it was not you, someone else knows your password. Try to sign in at once and change it again, and ask an administrator to lock the account if you cannot: ",
      { link: mailLink("/login"), label: "Sign in" },
    ],
  ]);
}

/** The administrator's device and address stay out of it: they are not the reader's to know. */
export function accountLockedMail(to: Recipient, at: Date, until: Date | null = null): OutgoingMail {
  const refused = until ? `until ${utcTime(until)}` : "until it is unlocked";
  return render("account_locked", to, "Your account was locked", [
    [
      `An administrator locked your ${PRODUCT_NAME} account ${to.email} on ${utcTime(at)}. Every device signed in to the account was signed out, and signing in is refused ${refused}.`,
    ],
    [
      "If you did not expect this, contact your administrator: they can tell you why and unlock it. Once it is unlocked, sign in here: ",
      { link: mailLink("/login"), label: "Sign in" },
    ],
  ]);
}

/**
 * The last message to a deleted account's address. It names no device or
 * address: nothing of the account is kept to name, and an administrator's is
 * not the reader's to know.
 */
export function accountDeletedMail(to: Recipient, at: Date, by: "owner" | "admin"): OutgoingMail {
  const who = by === "owner" ? "at your request" : "by an administrator";
  return render("account_deleted", to, "Your account was deleted", [
    [
      `Your ${PRODUCT_NAME} account ${to.email} was deleted ${who} on ${utcTime(at)}. Every device signed in to it was signed out, and its sign-in methods, devices and messages were removed.`,
    ],
    [
      "The security log keeps a record that the account existed and what was done to it, without your address, IP addresses or devices.",
    ],
    [
      by === "owner"
        ? "If you did not ask for this, someone had access to your account: contact your administrator."
        : "If you did not expect this, contact your administrator: they can tell you why.",
    ],
  ]);
}

export function verifyEmailMail(to: Recipient, link: string, at: Date, device: Device): OutgoingMail {
  return render("verify_email", to, `Verify your email address for ${PRODUCT_NAME}`, [
    [
      `On ${utcTime(at)} someone, probably you, asked to confirm ${to.email} for a ${PRODUCT_NAME} account, from ${deviceText(device)}.`,
    ],
    ["Open this link within 24 hours to confirm the address is yours: ", { link, label: "Verify email" }],
    ["If it was not you, ignore this message: without the link the address stays unconfirmed."],
  ]);
}

/** To the owner of an address someone tried to sign up with again (sign-up then says the same as for a new one). */
export function signUpAttemptMail(to: Recipient, at: Date, device: Device): OutgoingMail {
  return render("signup_attempt", to, `Someone tried to create a ${PRODUCT_NAME} account with your email`, [
    [
      `On ${utcTime(at)} someone tried to create a new ${PRODUCT_NAME} account with ${to.email}, from ${deviceText(device)}. You already have an account, so nothing was created.`,
    ],
    ["If it was you, sign in instead: ", { link: mailLink("/login"), label: "Sign in" }],
    [
      "If you forgot your password, set a new one: ",
      { link: mailLink("/forgot-password"), label: "Forgot password?" },
    ],
  ]);
}

export function resetPasswordMail(to: Recipient, link: string, at: Date, device: Device): OutgoingMail {
  return render("reset_password", to, `Reset your password for ${PRODUCT_NAME}`, [
    [
      `On ${utcTime(at)} someone asked to reset the password of the ${PRODUCT_NAME} account ${to.email}, from ${deviceText(device)}.`,
    ],
    [
      "Open this link within 30 minutes to choose a new password. It works once, and setting the password signs out every device: ",
      { link, label: "Set a new password" },
    ],
    ["If it was not you, ignore this message: your password stays as it is."],
  ]);
}

export function newSignInMail(to: Recipient, at: Date, device: Device, notMeLink: string): OutgoingMail {
  return render("new_sign_in", to, `New sign-in to your ${PRODUCT_NAME} account`, [
    [
      `Your ${PRODUCT_NAME} account ${to.email} was signed in to on ${utcTime(at)} from ${deviceText(device)}, a device it was not used on in the last 90 days.`,
    ],
    ["If this was you, there is nothing more to do."],
    [
      "If it was not you, sign that device out now (the link works once, for 7 days, and only for that sign-in), then reset your password: ",
      { link: notMeLink, label: "This wasn't me" },
    ],
  ]);
}

/** To the new address: the change happens only when this link is opened. */
export function confirmNewEmailMail(to: Recipient, link: string, at: Date, device: Device): OutgoingMail {
  return render("change_email", to, `Verify your email address to change your ${PRODUCT_NAME} sign-in`, [
    [
      `On ${utcTime(at)} someone signed in to a ${PRODUCT_NAME} account asked to use ${to.email} for it instead of its current address, from ${deviceText(device)}.`,
    ],
    [
      "Open this link within 24 hours to confirm; the address changes only then: ",
      { link, label: "Confirm the new address" },
    ],
    ["If it was not you, ignore this message: nothing changes without the link."],
  ]);
}

/** To the current address, when a change is asked for: nothing has changed yet. */
export function emailChangeRequestedMail(
  to: Recipient,
  newEmail: string,
  at: Date,
  device: Device,
): OutgoingMail {
  return render("email_change_requested", to, `Your email is about to change on ${PRODUCT_NAME}`, [
    [
      `On ${utcTime(at)} someone signed in to your ${PRODUCT_NAME} account ${to.email} asked to change its address to ${newEmail}, from ${deviceText(device)}. It changes only if the link sent to ${newEmail} is opened.`,
    ],
    ["If this was you, there is nothing more to do."],
    [
      "If it was not you, someone knows your password: change it now, which also cancels the change of address: ",
      { link: mailLink("/forgot-password"), label: "Forgot password?" },
    ],
  ]);
}

/** To the old address, once the change happened: the last word that address hears from us. */
export function emailChangedMail(to: Recipient, newEmail: string, at: Date, device: Device): OutgoingMail {
  return render("email_changed", to, "Your email was changed", [
    [
      `The address of your ${PRODUCT_NAME} account was changed from ${to.email} to ${newEmail} on ${utcTime(at)}, confirmed from ${deviceText(device)}. Messages about the account now go to the new address.`,
    ],
    ["If this was you, there is nothing more to do."],
    [
      "If it was not you, contact your administrator at once: they can lock the account and restore the address.",
    ],
  ]);
}

const TWO_FACTOR_CHANGES = {
  enabled: ["Two-factor sign-in was turned on", "turned on two-factor sign-in with an authenticator app for"],
  disabled: ["Two-factor sign-in was turned off", "turned off two-factor sign-in for"],
  codes: ["New recovery codes were made", "made new recovery codes (the old ones no longer work) for"],
  recovery_used: ["A recovery code was used", "signed in with a recovery code to"],
} as const;

export function twoFactorMail(
  to: Recipient,
  change: keyof typeof TWO_FACTOR_CHANGES,
  at: Date,
  device: Device,
): OutgoingMail {
  const [subject, what] = TWO_FACTOR_CHANGES[change];
  return render(`two_factor_${change}`, to, subject, [
    [
      `On ${utcTime(at)} someone ${what} your ${PRODUCT_NAME} account ${to.email}, from ${deviceText(device)}.`,
    ],
    ["If this was you, there is nothing more to do."],
    [
      "If it was not you, someone has your password and a way past the second factor: change your password now and sign out the devices you do not know: ",
      { link: mailLink("/forgot-password"), label: "Forgot password?" },
    ],
  ]);
}

/** An API client's refresh token came back after it had been replaced: a copy of it is in someone else's hands. */
export function refreshReuseMail(to: Recipient, at: Date, device: Device): OutgoingMail {
  return render("refresh_reuse", to, `A sign-in to your ${PRODUCT_NAME} account was ended`, [
    [
      `On ${utcTime(at)} an old token of ${deviceText(device)}, signed in to your ${PRODUCT_NAME} account ${to.email}, was used again after it had been replaced. That means a copy of it may be in someone else's hands, so that sign-in was ended.`,
    ],
    [
      "Sign that program in again if you still use it, and check your other devices here: ",
      { link: mailLink("/devices"), label: "Your devices" },
    ],
  ]);
}
