// Reads the GOOGLE_SERVICE_ACCOUNT_KEY secret: the JSON key file Google Cloud
// gives for a service account. A malformed secret becomes a problem that says
// which part is wrong, so the person who set it knows what to paste again.
import * as z from "zod/mini";
import { badKey, err, type GoogleError, ok, type Result } from "./errors.ts";

export interface ServiceAccountKey {
  client_email: string;
  /** PKCS#8 PEM, as Google issues it (`-----BEGIN PRIVATE KEY-----`). */
  private_key: string;
  private_key_id?: string;
}

const KeySchema = z.object({
  client_email: z.email({ error: "client_email is missing or not an email address" }),
  private_key: z.string({ error: "private_key is missing" }),
  private_key_id: z.optional(z.string()),
});

const PKCS8 = /^-----BEGIN PRIVATE KEY-----\s*\n[A-Za-z0-9+/=\s]+-----END PRIVATE KEY-----\s*$/;

/** Parses the secret's text; never throws. */
export function parseServiceAccountKey(raw: string): Result<ServiceAccountKey, GoogleError> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return err(badKey("it is not JSON (paste the whole key file, from { to })"));
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return err(badKey("it is not a JSON object (paste the whole key file, from { to })"));
  }
  const parsed = z.safeParse(KeySchema, json);
  if (!parsed.success) {
    return err(badKey(parsed.error.issues.map((issue) => issue.message).join("; ")));
  }
  // A key pasted through a shell sometimes keeps its "\n" as two characters.
  const pem = parsed.data.private_key.replaceAll("\\n", "\n").trim();
  if (/-----BEGIN RSA PRIVATE KEY-----/.test(pem)) {
    return err(
      badKey(
        "private_key is a PKCS#1 RSA key, not the PKCS#8 PEM Google issues (-----BEGIN PRIVATE KEY-----)",
      ),
    );
  }
  if (!PKCS8.test(`${pem}\n`)) {
    return err(badKey("private_key is not a PKCS#8 PEM (-----BEGIN PRIVATE KEY----- ...)"));
  }
  return ok({ ...parsed.data, private_key: pem });
}
