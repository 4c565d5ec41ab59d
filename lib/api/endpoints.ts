// The OAuth endpoints, form-encoded as RFC 6749 and RFC 8628 say: device
// authorization, token (device_code and refresh_token grants) and revocation
// (RFC 7009). Each reads the form, names the client, checks a DPoP proof when
// one is sent or the client needs one, and answers in RFC words.
import { sha256Hex } from "@/lib/crypto/token";
import { db } from "@/lib/db/client";
import { apiIssuer, verifyAccessToken } from "@/lib/edge/access-token";
import { clientInfo } from "@/lib/http/client-info";
import { signOutSession } from "@/lib/sessions/revoke";
import { type ApiClient, apiClient } from "./clients";
import { exchangeDeviceCode, startDeviceAuthorization } from "./device-grant";
import { checkDpopProof } from "./dpop";
import { requestUrl } from "./resource";
import { isOAuthError, type OAuthError, oauthError, oauthErrorResponse, oauthJson } from "./responses";
import { refreshTokens } from "./tokens";

export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const MAX_FORM_BYTES = 8192;

type Form = { params: URLSearchParams; client: ApiClient };

/** The request's form and its client, or the error to answer with. */
async function readForm(req: Request): Promise<Form | OAuthError> {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded")
    return oauthError(
      "invalid_request",
      "Send the parameters form-encoded (application/x-www-form-urlencoded).",
    );
  const text = await req.text();
  if (text.length > MAX_FORM_BYTES) return oauthError("invalid_request", "The request is too large.");
  const params = new URLSearchParams(text);
  // RFC 6749 section 3.2: a parameter sent twice is an invalid request.
  for (const key of new Set(params.keys()))
    if (params.getAll(key).length > 1)
      return oauthError("invalid_request", `${key} was sent more than once.`);
  const client = apiClient(params.get("client_id"));
  if (!client) return oauthError("invalid_client", "Unknown client_id.");
  return { params, client };
}

/** The DPoP key of a token request: its thumbprint, null without a proof, or the error. */
async function dpopKey(req: Request, client: ApiClient, issuer: string): Promise<string | null | OAuthError> {
  const proof = req.headers.get("dpop");
  if (!proof) {
    return client.dpop ? oauthError("invalid_dpop_proof", "This client must send a DPoP proof.") : null;
  }
  const check = await checkDpopProof({ proof, method: "POST", url: requestUrl(req, issuer) });
  return check.ok
    ? check.jkt
    : oauthError("invalid_dpop_proof", `The DPoP proof was refused: ${check.problem}.`);
}

export async function deviceAuthorizationEndpoint(req: Request): Promise<Response> {
  const form = await readForm(req);
  if (isOAuthError(form)) return oauthErrorResponse(form);
  const started = await startDeviceAuthorization({
    client: form.client,
    scope: form.params.get("scope"),
    requestClient: clientInfo(req.headers),
    issuer: apiIssuer(req),
  });
  return isOAuthError(started) ? oauthErrorResponse(started) : oauthJson(started);
}

export async function tokenEndpoint(req: Request): Promise<Response> {
  const form = await readForm(req);
  if (isOAuthError(form)) return oauthErrorResponse(form);
  const { params, client } = form;
  const issuer = apiIssuer(req);
  const grant = params.get("grant_type");
  if (grant !== DEVICE_CODE_GRANT && grant !== "refresh_token")
    return oauthErrorResponse(
      oauthError("unsupported_grant_type", "Use the device_code or refresh_token grant."),
    );
  const jkt = await dpopKey(req, client, issuer);
  if (isOAuthError(jkt)) return oauthErrorResponse(jkt);
  const requestClient = clientInfo(req.headers);
  const result =
    grant === DEVICE_CODE_GRANT
      ? await withParam(params, "device_code", (deviceCode) =>
          exchangeDeviceCode({ deviceCode, client, jkt, issuer, requestClient }),
        )
      : await withParam(params, "refresh_token", (refreshToken) =>
          refreshTokens({ refreshToken, client, jkt, issuer, requestClient }),
        );
  return isOAuthError(result) ? oauthErrorResponse(result) : oauthJson(result);
}

async function withParam<T>(
  params: URLSearchParams,
  name: string,
  run: (value: string) => Promise<T | OAuthError>,
): Promise<T | OAuthError> {
  const value = params.get(name);
  if (!value || value.length > 512) return oauthError("invalid_request", `${name} is missing.`);
  return run(value);
}

/**
 * RFC 7009: ends the session a refresh or access token of this client belongs
 * to ("Sign out" in the CLI). Answers 200 whether or not the token was live, so
 * it tells nobody which tokens exist.
 */
export async function revocationEndpoint(req: Request): Promise<Response> {
  const form = await readForm(req);
  if (isOAuthError(form)) return oauthErrorResponse(form);
  const token = form.params.get("token");
  if (!token || token.length > 4096)
    return oauthErrorResponse(oauthError("invalid_request", "token is missing."));
  const sessionId = await sessionOfToken(token, form.client, apiIssuer(req));
  if (sessionId) await signOutSession(sessionId, clientInfo(req.headers));
  return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
}

async function sessionOfToken(token: string, client: ApiClient, issuer: string): Promise<string | null> {
  const refresh = await db.apiRefreshToken.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { session: { select: { id: true, clientId: true } } },
  });
  if (refresh) return refresh.session.clientId === client.id ? refresh.session.id : null;
  const claims = await verifyAccessToken(token, issuer);
  return claims && claims.client_id === client.id ? claims.sid : null;
}
