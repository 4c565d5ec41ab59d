// Every instance sweeps on its own timer (RETENTION_SWEEP_SECONDS), starting a
// minute after it starts so a fleet restarted together does not sweep at once
// (and a sweep racing another is harmless anyway). One sweep at a time per
// process; the global survives the module being loaded twice (our server and
// Next's bundle).
import { config } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";
import { type SweepResult, sweep } from "./sweep";

type SweepState = { timer?: ReturnType<typeof setTimeout>; running?: Promise<void>; stopped?: boolean };
const holder = globalThis as unknown as { hybridAuthRetention?: SweepState };

const FIRST_SWEEP_MS = 60_000;

/** The tables the sweep removed rows from, with their counts; empty when it removed nothing. */
function removedRows(result: SweepResult): Record<string, number> {
  return Object.fromEntries(Object.entries(result).filter(([, n]) => n > 0));
}

function runOnce(state: SweepState): Promise<void> {
  state.running ??= sweep()
    .then((result) => {
      const removed = removedRows(result);
      if (Object.keys(removed).length > 0)
        logger().info({ event: "retention.swept", removed }, "retention sweep removed expired rows");
    })
    .catch((err: unknown) => {
      logger().error({ event: "retention.sweep_failed", err }, "retention sweep failed");
    })
    .finally(() => {
      state.running = undefined;
    });
  return state.running;
}

export function startRetentionLoop(intervalSeconds = config().RETENTION_SWEEP_SECONDS): void {
  holder.hybridAuthRetention ??= {};
  const state = holder.hybridAuthRetention;
  state.stopped = false;
  const schedule = (ms: number) => {
    state.timer = setTimeout(() => {
      void runOnce(state).then(() => {
        if (!state.stopped) schedule(intervalSeconds * 1000);
      });
    }, ms);
    state.timer.unref();
  };
  schedule(Math.min(FIRST_SWEEP_MS, intervalSeconds * 1000));
}

/** Shutdown: no new sweep; the one under way finishes its batch (each batch is its own transaction). */
export async function stopRetentionLoop(): Promise<void> {
  const state = holder.hybridAuthRetention;
  if (!state) return;
  state.stopped = true;
  clearTimeout(state.timer);
  await state.running;
}
