// A real SMTP server for the tests (smtp-server), on a loopback port, that keeps
// every message it accepts parsed (mailparser). It asks for the password put in
// its URL, as a provider would; no TLS (STARTTLS is off), like a local relay.
// Used by the Vitest suite and by Playwright specs that start the app with
// SMTP_URL pointing here. Also a "silent" server: accepts connections and never
// answers, as a hung SMTP server does.
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { from: string; to: string[]; subject: string; text: string; html: string };

export type TestSmtpServer = {
  url: string;
  port: number;
  password: string;
  received: ReceivedMail[];
  /** Messages received for one address. */
  to: (address: string) => ReceivedMail[];
  stop: () => Promise<void>;
};

const USER = "app";

/**
 * `spool`: also write each message as a JSON file into this folder, for test
 * processes other than the one running the server (Playwright's workers).
 */
export async function startTestSmtpServer(
  options: { port?: number; password?: string; spool?: string } = {},
): Promise<TestSmtpServer> {
  if (options.spool) mkdirSync(options.spool, { recursive: true });
  const password = options.password ?? randomBytes(12).toString("hex");
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === password) callback(null, { user: USER });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, _session, callback) {
      // Parsed before the reply: once the client's send resolves, the message is in `received`.
      simpleParser(stream).then(
        (mail) => {
          const addresses = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ""));
          const message = {
            from: mail.from?.text ?? "",
            to: addresses,
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
          };
          received.push(message);
          if (options.spool) {
            // Written under another name, then renamed: a reader polling the spool never sees half a file.
            const file = path.join(options.spool, `${Date.now()}-${randomBytes(4).toString("hex")}`);
            writeFileSync(`${file}.tmp`, JSON.stringify(message));
            renameSync(`${file}.tmp`, `${file}.json`);
          }
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  return {
    url: `smtp://${USER}:${password}@127.0.0.1:${port}`,
    port,
    password,
    received,
    to: (address) => received.filter((m) => m.to.includes(address)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Accepts connections and says nothing; stop() drops them, as a server that dies would. */
export async function startSilentServer(port = 0): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
