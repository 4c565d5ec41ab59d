import { describe, expect, it } from "vitest";
import { mailLink, publicOrigin, SELF_ORIGIN_VAR } from "./links";
import { MailModeError, mailMode, mailModeLine, runningMailMode } from "./mode";
import {
  accountLockedMail,
  confirmNewEmailMail,
  emailChangedMail,
  emailChangeRequestedMail,
  newSignInMail,
  passwordChangedMail,
  resetPasswordMail,
  signUpAttemptMail,
  utcTime,
  verifyEmailMail,
} from "./templates";

const at = new Date("2026-11-25T17:40:12.345Z");

describe("links in mail", () => {
  it("use AUTH_URL's origin, else the address our server listens on", () => {
    expect(mailLink("/login", { AUTH_URL: "https://auth.example.com/api/auth" })).toBe(
      "https://auth.example.com/login",
    );
    expect(publicOrigin({ [SELF_ORIGIN_VAR]: "http://127.0.0.1:4321" })).toBe("http://127.0.0.1:4321");
    expect(publicOrigin({ AUTH_URL: "https://a.example", [SELF_ORIGIN_VAR]: "http://127.0.0.1:4321" })).toBe(
      "https://a.example",
    );
  });
});

describe("templates", () => {
  it("say what happened, when (UTC), from which device, and what to do, in text and escaped HTML", () => {
    process.env.AUTH_URL = "https://auth.example.com";
    try {
      const mail = passwordChangedMail(
        { email: "ann@example.com", name: "Ann <script>alert(1)</script>" },
        at,
        { deviceLabel: "Chrome on macOS", ip: "198.51.100.7" },
      );
      expect(mail.subject).toBe("Your password was changed");
      expect(mail.to).toBe("ann@example.com");
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain("Hybrid Auth");
        expect(part).toContain("2026-11-25 17:40 UTC");
        expect(part).toContain("Chrome on macOS (IP address 198.51.100.7)");
      }
      expect(mail.text).toContain("Sign in: https://auth.example.com/login");
      expect(mail.html).toContain('<a href="https://auth.example.com/login">Sign in</a>');
      expect(mail.html).not.toContain("<script>");
      expect(mail.html).toContain("Ann &lt;script&gt;alert(1)&lt;/script&gt;");
      expect(mail.html).not.toMatch(/<img|src=/);

      const locked = accountLockedMail({ email: "bob@example.com", name: null }, at);
      expect(locked.subject).toBe("Your account was locked");
      expect(locked.text).toContain(
        "An administrator locked your Hybrid Auth account bob@example.com on 2026-11-25 17:40 UTC",
      );
      expect(locked.text).toContain("https://auth.example.com/login");
    } finally {
      delete process.env.AUTH_URL;
    }
  });

  it("write times in UTC whatever the server's time zone", () => {
    expect(utcTime(at)).toBe("2026-11-25 17:40 UTC");
  });
});

describe("mail mode", () => {
  const loopback = { address: "127.0.0.1", loopbackOnly: true };
  const network = { address: "0.0.0.0", loopbackOnly: false };
  it("is SMTP with SMTP_URL, the dev mailbox on loopback outside production, and refused otherwise", () => {
    expect(mailMode(network, { SMTP_URL: "smtp://h:25", NODE_ENV: "production" })).toBe("smtp");
    expect(mailMode(loopback, {})).toBe("dev-mailbox");
    expect(() => mailMode(loopback, { NODE_ENV: "production" })).toThrow(MailModeError);
    expect(() => mailMode(network, {})).toThrow(/listens on 0\.0\.0\.0/);
  });

  it("is the one our server chose; without our server, SMTP when SMTP_URL is set, else none", () => {
    expect(runningMailMode({ __HYBRID_AUTH_MAIL_MODE: "dev-mailbox" })).toBe("dev-mailbox");
    expect(runningMailMode({})).toBeNull();
    expect(runningMailMode({ SMTP_URL: "smtp://h:25" })).toBe("smtp");
  });

  it("is printed in one line without the SMTP password", () => {
    const line = mailModeLine("smtp", "https://a.example", {
      SMTP_URL: "smtps://user:hunter2@mail.example.com:465",
      AUTH_URL: "https://a.example",
    });
    expect(line).toBe("Mail: sent through smtps://mail.example.com:465, links point at https://a.example");
    expect(mailModeLine("dev-mailbox", "http://127.0.0.1:3000")).toBe(
      "Mail: no SMTP_URL, so messages stay in the dev mailbox at http://127.0.0.1:3000/dev/mailbox (this machine only)",
    );
  });
});

describe("every message about an account", () => {
  const to = { email: "ann@example.com", name: "Ann <b>" };
  const device = { deviceLabel: "Firefox on Windows", ip: "203.0.113.9" };
  const link = "https://auth.example.com/x?token=t0k&n=1";
  const messages = [
    verifyEmailMail(to, link, at, device),
    signUpAttemptMail(to, at, device),
    resetPasswordMail(to, link, at, device),
    newSignInMail(to, at, device, link),
    confirmNewEmailMail(to, link, at, device),
    emailChangeRequestedMail(to, "new@example.com", at, device),
    emailChangedMail(to, "new@example.com", at, device),
    passwordChangedMail(to, at, device, "reset"),
  ];

  it.each(messages.map((m) => [m.subject, m]))(
    "%s: names the product, the time, the device, and what to do",
    (_s, m) => {
      expect(m.to).toBe("ann@example.com");
      for (const part of [m.text, m.html]) {
        expect(part).toContain("Hybrid Auth");
        expect(part).toContain("2026-11-25 17:40 UTC");
        expect(part).toContain("Firefox on Windows (IP address 203.0.113.9)");
        expect(part).toMatch(/If (this|it) was not you|If it was you/);
      }
      expect(m.html).not.toContain("Ann <b>");
      expect(m.html).not.toMatch(/<img|src=|style=/);
    },
  );

  it("carry their link whole in both parts, escaped in the HTML", () => {
    for (const m of [messages[0], messages[2], messages[3], messages[4]]) {
      expect(m?.text).toContain(link);
      expect(m?.html).toContain('href="https://auth.example.com/x?token=t0k&amp;n=1"');
    }
  });
});
