// Benchmark page: small and dynamic, with no session check of its own.
export const dynamic = "force-dynamic";

export default function BenchPage() {
  return <p>bench {Date.now()}</p>;
}
