// Message bodies are sealed in the outbox (lib/crypto/sealed.ts): they carry
// working single-use links (reset, "This wasn't me"), and the database must
// never hold a link that works. Once a message is sent its body is dropped
// altogether (lib/mail/drain.ts).
import { sealer, UnreadableError } from "@/lib/crypto/sealed";

/** What a sent message's body is replaced with. */
export const DROPPED_BODY = "";

const bodies = sealer("hybrid-auth mail v1", "mail body");

export const sealBody = bodies.seal;
export const openBody = bodies.open;
export { UnreadableError as UnreadableBodyError };
