// Benchmark page: the same, after the database session check every real page makes.
import { requireSession } from "@/lib/auth/current";

export const dynamic = "force-dynamic";

export default async function BenchDbPage() {
  const session = await requireSession();
  return <p>bench {session.user.email}</p>;
}
