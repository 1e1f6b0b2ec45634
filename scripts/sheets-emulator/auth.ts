// The emulator's side of Google's service-account sign-in: the key it trusts
// (kept in a key file so a person's local configuration survives restarts),
// the RS256 JWT-bearer assertion check of POST /token with Google's answers,
// and the opaque access tokens it hands out.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  verify,
} from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Google's service-account JSON key format. */
export interface ServiceAccountKey {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
}

export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const PROJECT = "liqaa-local";
const EMAIL = `liqaa-sync@${PROJECT}.iam.gserviceaccount.com`;

export const SCOPES = {
  readWrite: [
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive",
    "https://www.googleapis.com/auth/drive.file",
  ],
  readOnly: [
    "https://www.googleapis.com/auth/spreadsheets.readonly",
    "https://www.googleapis.com/auth/drive.readonly",
  ],
};

/** A fresh key in Google's format: 2048-bit RSA, PKCS#8 PEM. */
export function generateServiceAccountKey(tokenUrl: string, email = EMAIL): ServiceAccountKey {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return {
    type: "service_account",
    project_id: PROJECT,
    private_key_id: randomBytes(20).toString("hex"),
    private_key: pem,
    client_email: email,
    client_id: BigInt(`0x${randomBytes(9).toString("hex")}`)
      .toString()
      .padStart(21, "1"),
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: tokenUrl,
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
    universe_domain: "googleapis.com",
  };
}

/**
 * Reuses the key in `path` when it holds one (only its token_uri is brought up
 * to date, since the port may differ), else writes a new one there.
 */
export async function loadOrCreateKey(path: string, tokenUrl: string): Promise<ServiceAccountKey> {
  let existing: ServiceAccountKey | null = null;
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as Partial<ServiceAccountKey>;
    if (parsed.type === "service_account" && parsed.private_key && parsed.client_email) {
      createPrivateKey(parsed.private_key);
      existing = parsed as ServiceAccountKey;
    }
  } catch {
    // No usable key there yet: a new one is written below.
  }
  const key = existing ? { ...existing, token_uri: tokenUrl } : generateServiceAccountKey(tokenUrl);
  if (!existing || existing.token_uri !== tokenUrl) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  }
  return key;
}

export type TokenGrant =
  | { ok: true; scopes: string[] }
  | { ok: false; status: number; error: string; description: string };

function base64urlJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const invalidGrant = (description: string): TokenGrant => ({
  ok: false,
  status: 400,
  error: "invalid_grant",
  description,
});

const TIMEFRAME =
  "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";

/**
 * Checks a JWT-bearer assertion as Google's token endpoint does: RS256
 * signature by the trusted key, iss, aud, a lifetime of at most an hour around
 * now, and a Sheets scope. `audiences` lists what aud may be (Google's URL, and
 * the emulator's own, which a client pointed at it may use).
 */
export function checkAssertion(
  assertion: string,
  trusted: { key: KeyObject; email: string; keyId: string },
  audiences: readonly string[],
  nowSeconds: number,
): TokenGrant {
  const parts = assertion.split(".");
  if (parts.length !== 3) return invalidGrant("Invalid JWT: Malformed token.");
  const header = base64urlJson(parts[0]!);
  const claims = base64urlJson(parts[1]!);
  if (!header || !claims) return invalidGrant("Invalid JWT: Malformed token.");
  if (header.alg !== "RS256") return invalidGrant("Invalid JWT Signature.");
  if (claims.iss !== trusted.email) return invalidGrant("Invalid grant: account not found");
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2]!, "base64url");
  const publicKey = createPublicKey(trusted.key);
  const good = verify("RSA-SHA256", signed, publicKey, signature);
  if (!good || (typeof header.kid === "string" && header.kid !== trusted.keyId)) {
    return invalidGrant("Invalid JWT Signature.");
  }
  if (typeof claims.aud !== "string" || !audiences.includes(claims.aud)) {
    return invalidGrant(
      `Invalid JWT: Failed audience check. The right audience is ${GOOGLE_TOKEN_URL}`,
    );
  }
  const { iat, exp } = claims;
  if (typeof iat !== "number" || typeof exp !== "number") return invalidGrant(TIMEFRAME);
  // Google allows a few minutes of clock skew either way.
  const skew = 300;
  if (iat > nowSeconds + skew || exp < nowSeconds - skew || exp <= iat || exp - iat > 3600) {
    return invalidGrant(TIMEFRAME);
  }
  const scopes = typeof claims.scope === "string" ? claims.scope.split(/\s+/).filter(Boolean) : [];
  const known = [...SCOPES.readWrite, ...SCOPES.readOnly];
  if (!scopes.some((s) => known.includes(s))) {
    return {
      ok: false,
      status: 400,
      error: "invalid_scope",
      description:
        scopes.length === 0
          ? "Invalid oauth scope or ID token audience provided."
          : `Invalid OAuth scope or ID token audience provided: ${scopes.join(" ")}`,
    };
  }
  return { ok: true, scopes };
}

export interface IssuedToken {
  expiresAt: number;
  canWrite: boolean;
}

/** The access tokens handed out so far; opaque strings like Google's `ya29.` tokens. */
export class TokenStore {
  readonly #tokens = new Map<string, IssuedToken>();

  issue(scopes: string[], ttlSeconds: number, nowMs: number): string {
    const token = `ya29.local-${randomBytes(24).toString("base64url")}`;
    this.#tokens.set(token, {
      expiresAt: nowMs + ttlSeconds * 1000,
      canWrite: scopes.some((s) => SCOPES.readWrite.includes(s)),
    });
    return token;
  }

  lookup(token: string): IssuedToken | undefined {
    return this.#tokens.get(token);
  }
}
