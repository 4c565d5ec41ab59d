// When the outbox is drained: right after a response that queued mail
// (lib/mail/after-response.ts), and every MAIL_POLL_SECONDS in the background of
// our server, which picks up retries and messages whose sender stopped. One
// drain at a time per process (the module may be loaded twice: by our server and
// inside Next's bundle, hence the global); across instances the claims decide.
import { config } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";
import { drainOutbox } from "./drain";

type DrainState = {
  running?: Promise<void>;
  again: boolean;
  timer?: ReturnType<typeof setInterval>;
};

const holder = globalThis as unknown as { hybridAuthMailDrain?: DrainState };

/** Starts a drain, or asks the running one to go round once more: mail queued meanwhile is not left for the next tick. */
export function kickDrain(): Promise<void> {
  holder.hybridAuthMailDrain ??= { again: false };
  const state = holder.hybridAuthMailDrain;
  if (state.running) {
    state.again = true;
    return state.running;
  }
  state.running = (async () => {
    do {
      state.again = false;
      try {
        await drainOutbox();
      } catch (err) {
        // A database hiccup: the next tick tries again. No message content here.
        logger().error({ event: "mail.drain_failed", err }, "mail drain failed");
      }
    } while (state.again);
  })().finally(() => {
    state.running = undefined;
  });
  return state.running;
}

export function startMailLoop(intervalSeconds: number = config().MAIL_POLL_SECONDS): void {
  holder.hybridAuthMailDrain ??= { again: false };
  const state = holder.hybridAuthMailDrain;
  state.timer = setInterval(() => void kickDrain(), intervalSeconds * 1000);
  state.timer.unref();
  void kickDrain();
}

/**
 * Shutdown: no new drains, and the one under way (sends already claimed) may
 * finish. A message it could not finish keeps its lease and is claimed again by
 * another instance, or by this one after a restart.
 */
export async function stopMailLoop(): Promise<void> {
  const state = holder.hybridAuthMailDrain;
  if (!state) return;
  clearInterval(state.timer);
  state.again = false;
  await state.running;
}
