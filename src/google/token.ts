// Access tokens for the service account: an RS256 JWT assertion signed with the
// key (jose, WebCrypto underneath), traded at the OAuth token endpoint
// (RFC 7523), and kept until shortly before it expires.
import { importPKCS8, SignJWT } from "jose";
import {
  badKey,
  classifyTokenFailure,
  err,
  type GoogleError,
  noAnswer,
  ok,
  type Result,
  unavailable,
} from "./errors.ts";
import { exchangeWithRetry, type RetryPolicy, type RetryRuntime } from "./retry.ts";
import type { ServiceAccountKey } from "./service-account.ts";

export const SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";
/** For a preview or dry run: a token that provably cannot write to the sheet. */
export const SHEETS_READONLY_SCOPE = "https://www.googleapis.com/auth/spreadsheets.readonly";
const ASSERTION_LIFETIME_S = 3600;
/** A token is renewed this long before Google says it expires, so it never dies mid-sync. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which it is not used any more. */
  useUntil: number;
}

// Module scope on purpose: a Worker isolate serves many invocations, and asking
// Google for a token on each would double the requests of every sync. This map
// holds plain data (strings and numbers), never an I/O object, which workerd
// allows to outlive a request. Keyed by client_email, token URL and scope, so two
// keys, an emulator and Google, or a read-only and a read-write client never
// share a token.
const cache = new Map<string, CachedToken>();

/** Forgets every cached token: for tests, which share one isolate. */
export function clearTokenCache(): void {
  cache.clear();
}

export interface TokenSource {
  /** A valid access token, from the cache when it has one still good. */
  get(): Promise<Result<string, GoogleError>>;
  /** Forgets the cached token (Google answered 401 to it). */
  invalidate(): void;
}

export interface TokenSourceOptions {
  key: ServiceAccountKey;
  tokenUrl: string;
  /** SHEETS_SCOPE unless given. */
  scope?: string;
  fetch: typeof fetch;
  policy: RetryPolicy;
  runtime: RetryRuntime;
}

const TokenAnswer = (body: string): { accessToken: string; expiresIn: number } | null => {
  try {
    const parsed = JSON.parse(body) as { access_token?: unknown; expires_in?: unknown };
    if (typeof parsed.access_token !== "string" || parsed.access_token === "") return null;
    const expiresIn = typeof parsed.expires_in === "number" ? parsed.expires_in : 3600;
    return { accessToken: parsed.access_token, expiresIn };
  } catch {
    return null;
  }
};

/** Signs the assertion Google's token endpoint expects from a service account. */
export async function signAssertion(
  key: ServiceAccountKey,
  tokenUrl: string,
  nowMs: number,
  scope: string = SHEETS_SCOPE,
): Promise<Result<string, GoogleError>> {
  let privateKey: CryptoKey;
  try {
    privateKey = await importPKCS8(key.private_key, "RS256");
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return err(badKey(`private_key could not be read as an RSA key (${why})`));
  }
  const iat = Math.floor(nowMs / 1000);
  const header = key.private_key_id
    ? { alg: "RS256", typ: "JWT", kid: key.private_key_id }
    : { alg: "RS256", typ: "JWT" };
  const assertion = await new SignJWT({ scope })
    .setProtectedHeader(header)
    .setIssuer(key.client_email)
    .setAudience(tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_S)
    .sign(privateKey);
  return ok(assertion);
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { key, tokenUrl, policy, runtime } = options;
  const scope = options.scope ?? SHEETS_SCOPE;
  const cacheKey = `${key.client_email}\n${tokenUrl}\n${scope}`;
  // Calls made at the same time share one sign-in. Per source, not module-wide:
  // a promise belongs to the request that created it.
  let pending: Promise<Result<string, GoogleError>> | null = null;

  async function signIn(): Promise<Result<string, GoogleError>> {
    const signed = await signAssertion(key, tokenUrl, runtime.now(), scope);
    if (!signed.ok) return signed;
    const form = new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion: signed.value,
    });
    const issuedAt = runtime.now();
    const exchange = await exchangeWithRetry(
      (signal) =>
        options.fetch(tokenUrl, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: form.toString(),
          signal,
        }),
      policy,
      runtime,
    );
    if (!exchange.ok) {
      return err(noAnswer(exchange, policy.timeoutMs, "token endpoint: "));
    }
    const { status, body } = exchange.answer;
    if (status < 200 || status > 299) return err(classifyTokenFailure(status, body));
    const answer = TokenAnswer(body);
    if (!answer) {
      return err(unavailable(status, "token endpoint answered without an access_token"));
    }
    const lifetimeMs = answer.expiresIn * 1000;
    // A short-lived token (an emulator's, say) is kept for half its life rather than not at all.
    const margin = Math.min(RENEW_BEFORE_MS, lifetimeMs / 2);
    cache.set(cacheKey, {
      accessToken: answer.accessToken,
      useUntil: issuedAt + lifetimeMs - margin,
    });
    return ok(answer.accessToken);
  }

  return {
    invalidate: () => {
      cache.delete(cacheKey);
    },

    get() {
      const cached = cache.get(cacheKey);
      if (cached && runtime.now() < cached.useUntil) return Promise.resolve(ok(cached.accessToken));
      pending ??= signIn().finally(() => {
        pending = null;
      });
      return pending;
    },
  };
}
