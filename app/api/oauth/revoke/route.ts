import { revocationEndpoint } from "@/lib/api/endpoints";
import { withOutageAnswer } from "@/lib/http/unavailable";

export const POST = withOutageAnswer(revocationEndpoint);
