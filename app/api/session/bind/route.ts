// DBSC registration: the browser proves it holds a new key and the session is bound to it (lib/dbsc).
import { register } from "@/lib/dbsc/exchange";
import { withOutageAnswer } from "@/lib/http/unavailable";

export const dynamic = "force-dynamic";

export const POST = withOutageAnswer(register);
