// `npm start` refuses bad configuration with one log line that says what to set,
// before it builds, migrates or serves anything.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function start(env: Record<string, string>, script = "scripts/start.ts") {
  const { PATH = "", HOME = "" } = process.env;
  const r = spawnSync(path.join(root, "node_modules/.bin/tsx"), [script], {
    cwd: root,
    // An SMTP_URL nothing listens at: these starts stop before any mail is sent.
    env: { PATH, HOME, PORT: "3999", NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:9", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  const lines = r.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { level: string; event?: string; msg: string });
  const refusals = lines.filter((line) => line.event === "server.refused_to_start");
  for (const line of refusals) expect(line.level).toBe("fatal");
  return {
    status: r.status,
    stdout: r.stdout,
    refusal: refusals.map((l) => l.msg).join("\n"),
  };
}

describe("npm start with bad configuration", () => {
  it("stops without AUTH_SECRET in production", () => {
    const r = start({});
    expect(r.status).toBe(1);
    expect(r.refusal).toBe(
      "Cannot start: AUTH_SECRET is not set: set it to a random string of 32+ characters (openssl rand -base64 32)",
    );
  });

  it("stops on a DATABASE_URL it cannot use", () => {
    const r = start({ AUTH_SECRET: "x".repeat(32), DATABASE_URL: "mysql://db/app" });
    expect(r.status).toBe(1);
    expect(r.refusal).toMatch(
      /^Cannot start: DATABASE_URL must start with file: \(SQLite\) or postgresql:\/\//,
    );
    expect(r.refusal.split("\n")).toHaveLength(1);
  });

  it("stops when PostgreSQL cannot be reached", () => {
    const r = start({
      AUTH_SECRET: "x".repeat(32),
      DATABASE_URL: "postgresql://nobody@127.0.0.1:1/app",
    });
    expect(r.status).toBe(1);
    expect(r.refusal).toMatch(
      /^Cannot start: Cannot reach PostgreSQL at DATABASE_URL \(.*\): start it or fix the URL$/,
    );
  });

  it("stops on HTTPS_CERT without HTTPS_KEY, and on a certificate it cannot read", () => {
    const half = start({ AUTH_SECRET: "x".repeat(32), HTTPS_CERT: "data/localhost-cert.pem" });
    expect(half.status).toBe(1);
    expect(half.refusal).toBe(
      "Cannot start: Invalid HTTPS_KEY: HTTPS_CERT and HTTPS_KEY go together: set both (npm run cert makes a local pair) or neither",
    );
    const missing = start({
      AUTH_SECRET: "x".repeat(32),
      HTTPS_CERT: "/nonexistent.pem",
      HTTPS_KEY: "/nonexistent.key",
    });
    expect(missing.status).toBe(1);
    expect(missing.refusal).toBe(
      "Cannot start: HTTPS_CERT /nonexistent.pem cannot be read (npm run cert makes a local pair)",
    );
  });

  it("stops on a short AUTH_SECRET", () => {
    const r = start({ AUTH_SECRET: "too-short" });
    expect(r.status).toBe(1);
    expect(r.refusal).toBe(
      "Cannot start: Invalid AUTH_SECRET: every AUTH_SECRET entry needs at least 32 characters",
    );
  });

  it("stops on a METRICS_TOKEN shorter than 32 characters", () => {
    const r = start({ AUTH_SECRET: "x".repeat(32), METRICS_TOKEN: "guessable" });
    expect(r.status).toBe(1);
    expect(r.refusal).toBe("Cannot start: Invalid METRICS_TOKEN: METRICS_TOKEN needs at least 32 characters");
  });

  it("refuses production without SMTP_URL", () => {
    const r = start({ AUTH_SECRET: "x".repeat(32), SMTP_URL: "" });
    expect(r.status).toBe(1);
    expect(r.refusal).toBe(
      "Cannot start: SMTP_URL is not set: with NODE_ENV=production mail needs an SMTP server (SMTP_URL=smtp://user:password@mail.example.com:587)",
    );
  });

  it("refuses to serve beyond loopback without SMTP_URL, even outside production", () => {
    const r = start({ AUTH_SECRET: "x".repeat(32), SMTP_URL: "", NODE_ENV: "", HOSTNAME: "0.0.0.0" });
    expect(r.status).toBe(1);
    expect(r.refusal).toBe(
      "Cannot start: SMTP_URL is not set: the dev mailbox is for loopback only and the server listens on 0.0.0.0 (SMTP_URL=smtp://user:password@mail.example.com:587)",
    );
  });

  it("stops on an SMTP_URL that is not smtp(s), without printing it", () => {
    const r = start({ AUTH_SECRET: "x".repeat(32), SMTP_URL: "http://user:hunter2@mail.example.com" });
    expect(r.status).toBe(1);
    expect(r.refusal).toBe("Cannot start: Invalid SMTP_URL: SMTP_URL must be an smtp:// or smtps:// URL");
    expect(r.stdout).not.toContain("hunter2");
  });

  it("stops on a LOG_LEVEL it does not know, and still logs why", () => {
    const r = start({ AUTH_SECRET: "x".repeat(32), LOG_LEVEL: "loud" });
    expect(r.status).toBe(1);
    expect(r.refusal).toBe(
      "Cannot start: Invalid LOG_LEVEL: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
    );
  });

  it("stops on a PORT that is not a port", () => {
    const r = start({ AUTH_SECRET: "x".repeat(32), PORT: "http" });
    expect(r.status).toBe(1);
    expect(r.refusal).toBe("Cannot start: PORT must be a port number (0-65535)");
  });

  it("stops on tracing settings it cannot use, before Next's instrumentation hook would throw them", () => {
    const r = start({
      AUTH_SECRET: "x".repeat(32),
      OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318",
    });
    expect(r.status).toBe(1);
    expect(r.refusal).toBe("Cannot start: OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL");
    const sampler = start({
      AUTH_SECRET: "x".repeat(32),
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
      OTEL_TRACES_SAMPLER: "always_off",
    });
    expect(sampler.status).toBe(1);
    expect(sampler.refusal).toBe(
      "Cannot start: OTEL_TRACES_SAMPLER must be parentbased_always_on or parentbased_traceidratio",
    );
  });

  it("stops on a SEED_ADMIN_PASSWORD too short to sign in with", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hybrid-auth-start-"));
    try {
      const r = start({
        AUTH_SECRET: "x".repeat(32),
        DATABASE_URL: `file:${path.join(dir, "app.db")}`,
        SEED_ADMIN_PASSWORD: "short",
      });
      expect(r.status).toBe(1);
      expect(r.refusal).toBe(
        "Cannot start: Invalid SEED_ADMIN_PASSWORD: Use at least 15 characters for the password.",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to serve the network while a demo account keeps the README's password", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hybrid-auth-start-"));
    try {
      const DATABASE_URL = `file:${path.join(dir, "app.db")}`;
      const { PATH = "", HOME = "" } = process.env;
      // Seeded on loopback, as a newcomer's first `npm start` does, with the secret the server is then given
      // (it peppers the hashes).
      const prepared = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/db-prepare.ts"], {
        cwd: root,
        env: {
          PATH,
          HOME,
          DATABASE_URL,
          AUTH_SECRET: "x".repeat(32),
          BCRYPT_COST: "10",
          NODE_ENV: "development",
        },
        encoding: "utf8",
      });
      expect(prepared.status, prepared.stderr).toBe(0);
      const r = start({ AUTH_SECRET: "x".repeat(32), DATABASE_URL, HOSTNAME: "0.0.0.0", NODE_ENV: "" });
      expect(r.status).toBe(1);
      expect(r.refusal).toBe(
        "Cannot start: admin@example.com still has the README's demo password and the server listens on 0.0.0.0, not loopback only: change it (on loopback, at /settings/password) or lock the account first",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run dev with bad configuration", () => {
  it("stops with the same one line as npm start, before Next loads", () => {
    const r = start(
      { AUTH_SECRET: "x".repeat(32), NODE_ENV: "", OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" },
      "scripts/dev.ts",
    );
    expect(r.status).toBe(1);
    expect(r.refusal).toBe("Cannot start: OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL");
    const short = start({ AUTH_SECRET: "too short", NODE_ENV: "" }, "scripts/dev.ts");
    expect(short.status).toBe(1);
    expect(short.refusal).toMatch(/^Cannot start: .*AUTH_SECRET.*32 characters/);
  });
});
