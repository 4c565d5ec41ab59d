// DBSC registration: the browser proves it holds a new key and the session is bound to it (lib/dbsc).
import { register } from "@/lib/dbsc/exchange";
import { isOutage, unavailableJson } from "@/lib/http/unavailable";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  try {
    return await register(req);
  } catch (err) {
    if (isOutage(err)) return unavailableJson();
    throw err;
  }
}
