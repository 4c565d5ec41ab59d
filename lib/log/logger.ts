// One JSON line per event, on stdout. Everything of ours logs through logger():
// one pino instance per process, kept on globalThis under a registered symbol
// because our server and Next's bundle each load their own copy of this module
// (as with lib/runtime/request-state.ts, whose request id every line carries).
import pino, { type DestinationStream, type Logger } from "pino";
import { logLevelSetting } from "@/lib/config/env";
import { currentRequestId } from "@/lib/runtime/request-state";

/**
 * Censored wherever they turn up, a second line of defence: the first is never
 * passing them to a log call at all.
 */
const SECRET_FIELDS = [
  "password",
  "token",
  "secret",
  "sessionToken",
  "accessToken",
  "refreshToken",
  "idToken",
];
const SECRET_HEADERS = [
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  'headers["proxy-authorization"]',
];
/** At the top of a line and one level down (`req.headers.cookie`, `session.sessionToken`). */
const REDACTED = [...SECRET_FIELDS, ...SECRET_HEADERS].flatMap((path) => [path, `*.${path}`]);

/**
 * An error as its name and first line. A stack tells an attacker more than an
 * operator, and the later lines of some messages repeat what the call was given.
 */
function errorLine(err: unknown): { name?: string; message: string } {
  if (!(err instanceof Error)) return { message: String(err).split("\n")[0] ?? "" };
  return { name: err.name, message: err.message.split("\n")[0] ?? "" };
}

function create(destination: DestinationStream): Logger {
  return pino(
    {
      level: logLevelSetting(),
      timestamp: pino.stdTimeFunctions.isoTime,
      // "warn" reads better than 40 to a person, and every collector can map it.
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      serializers: { err: errorLine },
      redact: { paths: REDACTED, censor: "[redacted]" },
    },
    destination,
  );
}

// Synchronous: the process may exit right after a line (a refused start, the end of a shutdown).
const stdout = () => pino.destination({ dest: 1, sync: true });

const KEY = Symbol.for("hybrid-auth.logger");
const shared = globalThis as typeof globalThis & { [KEY]?: Logger };

export function logger(): Logger {
  shared[KEY] ??= create(stdout());
  return shared[KEY];
}

/**
 * Every line to stdout and appended to `file` as well: the e2e server's, so that
 * the end of a run can search one file for the secrets it used. Called before
 * anything logs; the copy inside Next's bundle finds this instance.
 */
export function logAlsoToFile(file: string): void {
  shared[KEY] = create(
    pino.multistream([
      // The logger's own level filters; the streams take whatever it lets through.
      { level: "trace", stream: stdout() },
      { level: "trace", stream: pino.destination({ dest: file, sync: true, mkdir: true }) },
    ]),
  );
}
