// Read by middleware (every app process, about once a second): the sessions
// revoked within the last edge-token TTL, a page at a time. Not public: the
// caller proves it knows AUTH_SECRET with a key derived from it.
import { withOutageAnswer } from "@/lib/http/unavailable";
import { answerFeedRequest } from "@/lib/sessions/revocation-feed";

export const dynamic = "force-dynamic";

// During an outage the edge stops trusting its set after a few seconds, as for any silent feed.
export const GET = withOutageAnswer(answerFeedRequest);
