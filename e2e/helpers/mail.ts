import { db } from "@/lib/db/client";
import { sealBody } from "@/lib/mail/sealed";

/** A "password changed" message to `to` that gave up after its attempts, as the outbox shows failures. */
export async function createFailedMessage(to: string) {
  return db.mailMessage.create({
    data: {
      kind: "password_changed",
      to,
      subject: "Your password was changed",
      text: await sealBody("The password of your account was changed."),
      html: await sealBody("<p>The password of your account was changed.</p>"),
      status: "failed",
      attempts: 8,
      lastError: "ECONNECTION: connect ECONNREFUSED 127.0.0.1:2525",
    },
  });
}
