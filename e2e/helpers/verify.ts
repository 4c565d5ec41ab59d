// Marks an address verified in the e2e server's database, as following the
// verification link would: for tests whose subject is not verification but a way
// in that needs a verified address (a passkey, an authenticator app).
import { db } from "@/lib/db/client";

export async function verifyEmail(email: string): Promise<void> {
  await db.user.update({ where: { email }, data: { emailVerified: new Date() } });
}
