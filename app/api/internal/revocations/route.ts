// Read by middleware (every app process, about once a second): the sessions
// revoked within the last edge-token TTL, a page at a time. Not public: the
// caller proves it knows AUTH_SECRET with a key derived from it.
import { answerFeedRequest } from "@/lib/sessions/revocation-feed";

export const dynamic = "force-dynamic";

export const GET = answerFeedRequest;
