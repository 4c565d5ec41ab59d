// Everything the CLI says to the server, through oauth4webapi: RFC 8414
// discovery, the device grant (RFC 8628), refresh, revocation (RFC 7009) and
// API calls, each token request and API call with a DPoP proof (RFC 9449)
// signed by the key created at login, which never leaves the token file.
import { arch, platform, release } from "node:os";
import * as oauth from "oauth4webapi";
import { type Credentials, loadCredentials, removeCredentials, saveCredentials } from "./store";

/** The public client every server has (lib/api/clients.ts); it must use DPoP. */
const client: oauth.Client = { client_id: "cli", token_endpoint_auth_method: "none" };
const clientAuth = oauth.None();
const DPOP_ALG = "ES256";
/** Refresh this long before the access token expires, so a call never races its expiry. */
const EXPIRY_MARGIN_S = 30;

export class CliError extends Error {}

const OS_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  darwin: "Macintosh",
  linux: "Linux",
  win32: "Windows NT",
};

/** Words the server's user-agent parser turns into "CLI on Linux" and the like on /devices. */
const HEADERS = {
  "user-agent": `hybrid-auth-cli/1.0 (${OS_NAMES[platform()] ?? platform()} ${release()} ${arch()}; Node.js ${process.version})`,
};

/**
 * oauth4webapi sends nothing over plain http unless told to. A server on this
 * machine (npm run dev) has no certificate, and nothing on the way can read or
 * change loopback traffic, so http is allowed there and nowhere else.
 */
function httpAllowed(url: string | URL | undefined): boolean {
  if (!url || !URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  return protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(hostname);
}

/** Options for a request to `url`: an endpoint the metadata names is judged by its own URL, not the issuer's. */
const transport = (url: string | URL | undefined) => ({
  headers: HEADERS,
  [oauth.allowInsecureRequests]: httpAllowed(url),
});

export type Server = { as: oauth.AuthorizationServer; issuer: string };

/** The server's metadata from its RFC 8414 document; its issuer must be the URL asked for. */
export async function discover(serverUrl: string): Promise<Server> {
  let issuerUrl: URL;
  try {
    issuerUrl = new URL(new URL(serverUrl).origin);
  } catch {
    throw new CliError(`"${serverUrl}" is not a URL (e.g. http://localhost:3000).`);
  }
  if (issuerUrl.protocol === "http:" && !httpAllowed(issuerUrl))
    throw new CliError(`${issuerUrl.origin} is plain http: use https (http only for localhost).`);
  const res = await reach(issuerUrl.origin, () =>
    oauth.discoveryRequest(issuerUrl, { ...transport(issuerUrl), algorithm: "oauth2" }),
  );
  try {
    const as = await oauth.processDiscoveryResponse(issuerUrl, res);
    return { as, issuer: issuerUrl.origin };
  } catch (err) {
    const named = (err as { cause?: { attribute?: string; body?: { issuer?: unknown } } }).cause;
    if (named?.attribute === "issuer")
      throw new CliError(
        `The server calls itself ${String(named.body?.issuer)}: use --server with that URL.`,
      );
    throw new CliError(`${issuerUrl.origin} does not look like a hybrid-auth server (${explain(err)}).`);
  }
}

/** Runs a request, turning "nobody answered" into words. */
async function reach<T>(origin: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (err instanceof TypeError && err.message === "fetch failed")
      throw new CliError(`Could not reach ${origin} (is the server running?).`);
    throw err;
  }
}

/** What an OAuth error says, in one line, never with a token in it. */
function explain(err: unknown): string {
  if (err instanceof oauth.ResponseBodyError)
    return err.error_description ? `${err.error}: ${err.error_description}` : err.error;
  if (err instanceof oauth.WWWAuthenticateChallengeError) {
    const p = err.cause[0]?.parameters;
    return p?.error
      ? `${p.error}${p.error_description ? `: ${p.error_description}` : ""}`
      : `HTTP ${err.status}`;
  }
  return err instanceof Error ? err.message : String(err);
}

async function newDpopKey(): Promise<{ pair: CryptoKeyPair; jwk: JsonWebKey }> {
  const pair = await oauth.generateKeyPair(DPOP_ALG, { extractable: true });
  return { pair, jwk: await crypto.subtle.exportKey("jwk", pair.privateKey) };
}

async function importDpopKey(jwk: JsonWebKey): Promise<CryptoKeyPair> {
  const algorithm = { name: "ECDSA", namedCurve: "P-256" };
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: await crypto.subtle.importKey("jwk", jwk, algorithm, false, ["sign"]),
    // oauth4webapi puts the public key in each proof's header: it must be exportable.
    publicKey: await crypto.subtle.importKey("jwk", { ...publicJwk, key_ops: ["verify"] }, algorithm, true, [
      "verify",
    ]),
  };
}

function credentialsFrom(
  issuer: string,
  tokens: oauth.TokenEndpointResponse,
  dpopKey: JsonWebKey,
  previous?: Credentials,
): Credentials {
  if (tokens.token_type !== "dpop")
    throw new CliError("The server did not bind the tokens to this computer's key (no DPoP).");
  const refreshToken = tokens.refresh_token ?? previous?.refreshToken;
  if (!refreshToken) throw new CliError("The server sent no refresh token.");
  return {
    server: issuer,
    accessToken: tokens.access_token,
    accessTokenExpiresAt: Math.floor(Date.now() / 1000) + (tokens.expires_in ?? 0),
    refreshToken,
    scope: tokens.scope ?? previous?.scope ?? "",
    dpopKey,
  };
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export type DeviceCodes = { verificationUri: string; verificationUriComplete?: string; userCode: string };

/**
 * RFC 8628: asks for codes, hands them to `show`, then polls the token endpoint
 * at the server's interval (5 s more after each slow_down) until the user
 * approves or denies, or the codes expire. Returns the saved credentials.
 */
export async function deviceLogin(server: Server, show: (codes: DeviceCodes) => void): Promise<Credentials> {
  const { as, issuer } = server;
  const { pair, jwk } = await newDpopKey();
  const DPoP = oauth.DPoP(client, pair);
  const started = await reach(issuer, () =>
    oauth.deviceAuthorizationRequest(as, client, clientAuth, {}, transport(as.device_authorization_endpoint)),
  );
  let codes: oauth.DeviceAuthorizationResponse;
  try {
    codes = await oauth.processDeviceAuthorizationResponse(as, client, started);
  } catch (err) {
    throw new CliError(`The server refused to start a sign-in (${explain(err)}).`);
  }
  show({
    verificationUri: codes.verification_uri,
    verificationUriComplete: codes.verification_uri_complete,
    userCode: codes.user_code,
  });
  // RFC 8628 section 3.5: 5 seconds when the server names no interval.
  let interval = codes.interval ?? 5;
  const deadline = Date.now() + codes.expires_in * 1000;
  while (Date.now() < deadline) {
    await sleep(interval);
    const res = await reach(issuer, () =>
      oauth.deviceCodeGrantRequest(as, client, clientAuth, codes.device_code, {
        ...transport(as.token_endpoint),
        DPoP,
      }),
    );
    try {
      const tokens = await oauth.processDeviceCodeResponse(as, client, res);
      const credentials = credentialsFrom(issuer, tokens, jwk);
      saveCredentials(credentials);
      return credentials;
    } catch (err) {
      if (!(err instanceof oauth.ResponseBodyError)) throw err;
      if (err.error === "authorization_pending") continue;
      if (err.error === "slow_down") {
        interval += 5;
        continue;
      }
      if (err.error === "access_denied") throw new CliError("Access was denied: the CLI is not signed in.");
      if (err.error === "expired_token") break;
      throw new CliError(`Sign-in failed (${explain(err)}).`);
    }
  }
  throw new CliError("The code expired before it was approved: run login again.");
}

/** A signed-in session with the server: refreshes its tokens as needed and keeps the file current. */
export class Session {
  private constructor(
    private server: Server,
    private credentials: Credentials,
    private dpop: oauth.DPoPHandle,
  ) {}

  static async open(server: Server, credentials: Credentials): Promise<Session> {
    return new Session(server, credentials, oauth.DPoP(client, await importDpopKey(credentials.dpopKey)));
  }

  /**
   * Rotates the refresh token. invalid_grant means the session is over
   * (revoked, signed out, expired): the dead tokens are deleted.
   */
  async refresh(): Promise<void> {
    const { as, issuer } = this.server;
    const res = await reach(issuer, () =>
      oauth.refreshTokenGrantRequest(as, client, clientAuth, this.credentials.refreshToken, {
        ...transport(as.token_endpoint),
        DPoP: this.dpop,
      }),
    );
    try {
      const tokens = await oauth.processRefreshTokenResponse(as, client, res);
      this.credentials = credentialsFrom(issuer, tokens, this.credentials.dpopKey, this.credentials);
      saveCredentials(this.credentials);
    } catch (err) {
      if (err instanceof oauth.ResponseBodyError && err.error === "invalid_grant") {
        removeCredentials();
        throw new CliError(`The session has ended (${explain(err)}). Run login to sign in again.`);
      }
      throw new CliError(`Could not refresh the access token (${explain(err)}).`);
    }
  }

  /**
   * A call to /api/v1 with a fresh DPoP proof. An expired token is refreshed
   * first; a 401 invalid_token (e.g. the signing key rotated away) gets one
   * refresh and one retry. Other refusals are CliErrors with the server's words.
   */
  async api(method: string, path: string): Promise<Response> {
    if (this.credentials.accessTokenExpiresAt - EXPIRY_MARGIN_S <= Date.now() / 1000) await this.refresh();
    try {
      return await this.send(method, path);
    } catch (err) {
      const invalidToken =
        err instanceof oauth.WWWAuthenticateChallengeError &&
        err.cause.some((c) => c.parameters.error === "invalid_token");
      if (!invalidToken) throw this.refused(err);
    }
    await this.refresh();
    try {
      return await this.send(method, path);
    } catch (err) {
      throw this.refused(err);
    }
  }

  private async send(method: string, path: string): Promise<Response> {
    const { issuer } = this.server;
    const url = new URL(path, issuer);
    return reach(issuer, () =>
      oauth.protectedResourceRequest(
        this.credentials.accessToken,
        method,
        url,
        new Headers(HEADERS),
        undefined,
        { [oauth.allowInsecureRequests]: httpAllowed(url), DPoP: this.dpop },
      ),
    );
  }

  private refused(err: unknown): unknown {
    if (!(err instanceof oauth.WWWAuthenticateChallengeError)) return err;
    const error = err.cause[0]?.parameters.error;
    if (error === "insufficient_user_authentication")
      return new CliError("The server wants a recent sign-in for this: run logout, then login, and retry.");
    if (error === "insufficient_scope")
      return new CliError(`This CLI's sign-in may not do that (${explain(err)}).`);
    return new CliError(`The server refused the request (${explain(err)}).`);
  }

  /** RFC 7009: ends the session (the server signs it out), then forgets the tokens. */
  async revoke(): Promise<void> {
    const { as, issuer } = this.server;
    const res = await reach(issuer, () =>
      oauth.revocationRequest(as, client, clientAuth, this.credentials.refreshToken, {
        ...transport(as.revocation_endpoint),
        additionalParameters: { token_type_hint: "refresh_token" },
      }),
    );
    try {
      await oauth.processRevocationResponse(res);
    } catch (err) {
      // The file stays: with it, logout can be tried again; without it, the session would live on unseen.
      throw new CliError(`The server did not sign the CLI out (${explain(err)}); try again.`);
    }
    removeCredentials();
  }
}

/** The saved sign-in, or a CliError saying how to get one. */
export function requireCredentials(): Credentials {
  const credentials = loadCredentials();
  if (!credentials) throw new CliError("Not signed in: run `npm run cli -- login` first.");
  return credentials;
}
