// Signing clients in as Google does: the token endpoint (an RS256 JWT-bearer
// assertion checked against the trusted key, answered with a `ya29.` access
// token) and the bearer check on every API call, with Google's 401 and 403
// bodies for a missing, expired or read-only token. Times come from the
// emulator's clock.
import type { KeyObject } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkAssertion, TokenStore } from "./auth.ts";
import type { EmulatorClock } from "./clock.ts";
import { answerFault, type FaultQueue } from "./faults.ts";
import { errorInfo, parseJson, readBody, send } from "./http.ts";
import { ApiError, type Json } from "./state.ts";

const CREDENTIALS_HELP =
  "Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

export interface SignInOptions {
  trusted: { key: KeyObject; email: string; keyId: string };
  /** What an assertion's aud may be. */
  audiences: string[];
  clock: EmulatorClock;
  faults: FaultQueue;
  /** The lifetime, in seconds, of the next token issued. */
  tokenTtl: () => number;
  count: (method: string) => void;
}

export interface Denial {
  error: ApiError;
  headers: Json;
}

export function createSignIn(options: SignInOptions) {
  const tokens = new TokenStore();
  const { clock } = options;

  async function handleToken(req: IncomingMessage, res: ServerResponse) {
    options.count("oauth2.token");
    const fault = options.faults.take("token");
    if (fault && (await answerFault(res, fault, "oauth2.token"))) return;
    const text = await readBody(req);
    const form = (req.headers["content-type"] ?? "").includes("json")
      ? new URLSearchParams(Object.entries(parseJson(text)).map(([k, v]) => [k, String(v)]))
      : new URLSearchParams(text);
    const grantType = form.get("grant_type");
    if (grantType !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      send(res, 400, {
        error: "unsupported_grant_type",
        error_description: `Invalid grant_type: ${grantType ?? ""}`,
      });
      return;
    }
    const assertion = form.get("assertion");
    if (!assertion) {
      send(res, 400, {
        error: "invalid_request",
        error_description: "Missing required parameter: assertion",
      });
      return;
    }
    const now = clock.now();
    const grant = checkAssertion(
      assertion,
      options.trusted,
      options.audiences,
      Math.floor(now / 1000),
    );
    if (!grant.ok) {
      send(res, grant.status, { error: grant.error, error_description: grant.description });
      return;
    }
    const ttl = options.tokenTtl();
    send(res, 200, {
      access_token: tokens.issue(grant.scopes, ttl, now),
      expires_in: ttl,
      token_type: "Bearer",
    });
  }

  /** Why this API call may not go on, or null when its bearer token allows it. */
  function authenticate(
    req: IncomingMessage,
    query: URLSearchParams,
    method: string,
    write: boolean,
  ): Denial | null {
    const header = req.headers.authorization ?? "";
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? query.get("access_token");
    const rpc = `google.apps.sheets.v4.SpreadsheetsService.${method}`;
    if (!bearer) {
      return {
        error: new ApiError(
          401,
          "UNAUTHENTICATED",
          `Request is missing required authentication credential. ${CREDENTIALS_HELP}`,
          [errorInfo("CREDENTIALS_MISSING", rpc)],
        ),
        headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/"' },
      };
    }
    const issued = tokens.lookup(bearer);
    if (!issued || issued.expiresAt <= clock.now()) {
      return {
        error: new ApiError(
          401,
          "UNAUTHENTICATED",
          `Request had invalid authentication credentials. ${CREDENTIALS_HELP}`,
          [errorInfo(issued ? "ACCESS_TOKEN_EXPIRED" : "ACCESS_TOKEN_TYPE_UNSUPPORTED", rpc)],
        ),
        headers: {
          "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
        },
      };
    }
    if (write && !issued.canWrite) {
      return {
        error: new ApiError(
          403,
          "PERMISSION_DENIED",
          "Request had insufficient authentication scopes.",
          [errorInfo("ACCESS_TOKEN_SCOPE_INSUFFICIENT", rpc)],
        ),
        headers: {},
      };
    }
    return null;
  }

  return { handleToken, authenticate };
}
