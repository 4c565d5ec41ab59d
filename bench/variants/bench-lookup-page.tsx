// Benchmark page: the session lookup auth() makes, called directly. The gap to
// the auth() page is what Auth.js itself costs per request.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { findSessionByToken } from "@/lib/sessions/store";

export const dynamic = "force-dynamic";

export default async function BenchLookupPage() {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const session = token ? await findSessionByToken(token) : null;
  if (!session) redirect("/login");
  return <p>bench {session.user.email}</p>;
}
