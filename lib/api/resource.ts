// The one way into /api/v1: a route handler wrapped here runs only for a valid
// access token (signature, issuer, audience, lifetime), with its DPoP proof when
// the token is bound to a key, whose database session is still live (checked by
// `sid` like every page) and whose scopes include the route's. Cookies are never
// read here, and an access token is accepted nowhere else.
import type { AccessClaims } from "@/lib/edge/access-token";
import { apiIssuer, verifyAccessToken } from "@/lib/edge/access-token";
import { bearerError, presentedToken } from "@/lib/edge/bearer";
import { type ClientInfo, clientInfo } from "@/lib/http/client-info";
import { withOutageAnswer } from "@/lib/http/unavailable";
import { type ActiveSession, findSessionById } from "@/lib/sessions/store";
import type { ApiScope } from "./clients";
import { checkDpopProof } from "./dpop";

export type ApiContext = { session: ActiveSession; claims: AccessClaims; client: ClientInfo; issuer: string };

type Handler<P> = (req: Request, ctx: ApiContext, params: P) => Promise<Response>;

/** `requestUrl`: the URL the client used, our issuer's origin with the request's path (what DPoP's `htu` names). */
export function requestUrl(req: Request, issuer: string): string {
  return `${issuer}${new URL(req.url).pathname}`;
}

async function authenticate(req: Request, scope: ApiScope): Promise<ApiContext | Response> {
  const presented = presentedToken(req.headers);
  if (!presented) return bearerError(401, null, "Send an access token in the Authorization header.");
  const issuer = apiIssuer(req);
  const claims = await verifyAccessToken(presented.token, issuer);
  if (!claims) return bearerError(401, "invalid_token", "The access token is not valid or has expired.");
  if (claims.cnf) {
    if (presented.scheme !== "DPoP")
      return bearerError(
        401,
        "invalid_token",
        "This token is bound to a key: use the DPoP scheme with a proof.",
      );
    const proof = await checkDpopProof({
      proof: req.headers.get("dpop"),
      method: req.method,
      url: requestUrl(req, issuer),
      accessToken: presented.token,
    });
    if (!proof.ok)
      return bearerError(401, "invalid_dpop_proof", `The DPoP proof was refused: ${proof.problem}.`);
    if (proof.jkt !== claims.cnf.jkt)
      return bearerError(401, "invalid_dpop_proof", "The DPoP proof is signed with another key.");
  } else if (presented.scheme === "DPoP") {
    return bearerError(401, "invalid_token", "This token is not bound to a key: use the Bearer scheme.");
  }
  const session = await findSessionById(claims.sid);
  if (!session || session.userId !== claims.sub)
    return bearerError(401, "invalid_token", "The session of this token has ended.");
  if (!claims.scope.split(" ").includes(scope))
    return bearerError(403, "insufficient_scope", `This needs the ${scope} scope.`, { scope });
  return { session, claims, client: clientInfo(req.headers), issuer };
}

export function apiRoute<P = unknown>(scope: ApiScope, handler: Handler<P>) {
  return withOutageAnswer(async (req: Request, params: P) => {
    const ctx = await authenticate(req, scope);
    return ctx instanceof Response ? ctx : handler(req, ctx, params);
  });
}
