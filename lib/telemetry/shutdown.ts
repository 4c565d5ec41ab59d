// The provider ./sdk.ts registered, kept where the server's shutdown finds it
// without loading the SDK (a process-wide symbol: our server's code and Next's
// bundle are two module graphs).
const PROVIDER = Symbol.for("hybrid-auth.tracer-provider");
type Flushable = { shutdown: () => Promise<void> };
const shared = globalThis as typeof globalThis & { [PROVIDER]?: Flushable };

export function keepProvider(provider: Flushable): void {
  shared[PROVIDER] = provider;
}

/** Shutdown: sends the spans still batched; nothing to do when tracing never started. */
export async function shutdownTracing(): Promise<void> {
  const provider = shared[PROVIDER];
  delete shared[PROVIDER];
  await provider?.shutdown();
}
