import { exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { SHEETS_SCOPE, signAssertion } from "../../../src/google/token.ts";

const TOKEN_URL = "https://oauth2.googleapis.com/token";
const NOW = Date.parse("2026-11-29T10:00:00Z");

describe("signAssertion", () => {
  it("signs the claims Google's token endpoint checks, with the service account's key", async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const key = {
      client_email: "liqaa@example-project.iam.gserviceaccount.com",
      private_key: await exportPKCS8(privateKey),
      private_key_id: "key-1",
    };
    const signed = await signAssertion(key, TOKEN_URL, NOW);
    if (!signed.ok) throw new Error(signed.error.detail);
    const { payload, protectedHeader } = await jwtVerify(signed.value, publicKey, {
      issuer: key.client_email,
      audience: TOKEN_URL,
      currentDate: new Date(NOW),
    });
    expect(protectedHeader).toEqual({ alg: "RS256", typ: "JWT", kid: "key-1" });
    expect(payload).toEqual({
      iss: key.client_email,
      aud: TOKEN_URL,
      scope: SHEETS_SCOPE,
      iat: NOW / 1000,
      exp: NOW / 1000 + 3600,
    });
  });

  it("names the key secret when the PEM does not hold an RSA key", async () => {
    const signed = await signAssertion(
      {
        client_email: "liqaa@example-project.iam.gserviceaccount.com",
        private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
      },
      TOKEN_URL,
      NOW,
    );
    expect(signed.ok).toBe(false);
    if (signed.ok) return;
    expect(signed.error.kind).toBe("bad_key");
    expect(signed.error.message.en).toContain("GOOGLE_SERVICE_ACCOUNT_KEY");
  });
});
