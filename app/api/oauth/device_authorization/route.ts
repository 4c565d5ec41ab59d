import { deviceAuthorizationEndpoint } from "@/lib/api/endpoints";
import { withOutageAnswer } from "@/lib/http/unavailable";

export const POST = withOutageAnswer(deviceAuthorizationEndpoint);
