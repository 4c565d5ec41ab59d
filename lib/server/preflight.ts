// What `npm start` and `npm run dev` check before they migrate, build or serve:
// each mistake in the configuration stops them with one line that says what to
// set, instead of a stack trace from wherever the value is first used (a bad
// OTEL_* value, for one, would throw inside Next's instrumentation hook).
import { signInProviders } from "@/lib/auth/providers";
import { ConfigError, config } from "@/lib/config/env";
import { DatabaseUrlError, databaseTarget } from "@/lib/db/url";
import { type MailMode, MailModeError, mailMode } from "@/lib/mail/mode";
import { type ListenAddress, ListenAddressError, listenAddress } from "@/lib/runtime/listen-address";
import { TracingConfigError, tracingSettings } from "@/lib/telemetry/settings";
import { tracingWanted } from "@/lib/telemetry/wanted";
import { TlsFilesError, tlsFiles } from "./tls-files";

const CONFIGURATION_ERRORS = [
  ConfigError,
  DatabaseUrlError,
  ListenAddressError,
  MailModeError,
  TlsFilesError,
  TracingConfigError,
];

/** Whether `err` is a configuration mistake whose message alone tells the operator what to set. */
export function isConfigurationError(err: unknown): err is Error {
  return CONFIGURATION_ERRORS.some((E) => err instanceof E);
}

/** Every setting checked; where to listen and how mail goes out. */
export async function checkConfiguration(root: string): Promise<{ at: ListenAddress; mail: MailMode }> {
  config();
  // A half-configured provider is named now, not on the first request.
  signInProviders();
  databaseTarget(process.env.DATABASE_URL, root);
  tlsFiles();
  if (tracingWanted()) tracingSettings();
  const at = await listenAddress();
  // Production without a way to send mail is refused here.
  return { at, mail: mailMode(at) };
}
