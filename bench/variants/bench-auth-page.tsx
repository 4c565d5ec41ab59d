// Benchmark page: the session read through Auth.js's own auth(), which the app
// does not use (lib/auth/current.ts says why). Shows what that choice saves.
import { redirect } from "next/navigation";
import { auth } from "@/lib/authjs";

export const dynamic = "force-dynamic";

export default async function BenchAuthPage() {
  const session = await auth();
  if (!session) redirect("/login");
  return <p>bench {session.user.email}</p>;
}
