import { exportPKCS8, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { parseServiceAccountKey } from "../../../src/google/service-account.ts";

let pem = "";

beforeAll(async () => {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  pem = await exportPKCS8(privateKey);
});

const keyJson = (fields: Record<string, unknown>) =>
  JSON.stringify({
    type: "service_account",
    client_email: "liqaa@example-project.iam.gserviceaccount.com",
    private_key: pem,
    ...fields,
  });

function problem(raw: string): string {
  const parsed = parseServiceAccountKey(raw);
  if (parsed.ok) throw new Error("expected the key to be refused");
  expect(parsed.error.kind).toBe("bad_key");
  expect(parsed.error.message.en).toContain("GOOGLE_SERVICE_ACCOUNT_KEY");
  expect(parsed.error.message.ar).toContain("GOOGLE_SERVICE_ACCOUNT_KEY");
  return parsed.error.detail;
}

describe("parseServiceAccountKey", () => {
  it("accepts a key file as Google Cloud issues it", () => {
    const parsed = parseServiceAccountKey(keyJson({ private_key_id: "abc123" }));
    expect(parsed).toEqual({
      ok: true,
      value: {
        client_email: "liqaa@example-project.iam.gserviceaccount.com",
        private_key: pem,
        private_key_id: "abc123",
      },
    });
  });

  it("repairs a private_key whose new lines were pasted as backslash-n", () => {
    const parsed = parseServiceAccountKey(keyJson({ private_key: pem.replaceAll("\n", "\\n") }));
    expect(parsed.ok && parsed.value.private_key).toBe(pem);
  });

  it("says when the secret is not JSON", () => {
    expect(problem("liqaa@example.iam.gserviceaccount.com")).toMatch(/not JSON/);
  });

  it("says when the private_key is missing", () => {
    expect(problem(keyJson({ private_key: undefined }))).toMatch(/private_key is missing/);
  });

  it("says when the private_key is not a PKCS#8 PEM", () => {
    expect(problem(keyJson({ private_key: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" }))).toMatch(
      /not a PKCS#8 PEM/,
    );
  });

  it("says when the private_key is an old PKCS#1 RSA key", () => {
    const pkcs1 =
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";
    expect(problem(keyJson({ private_key: pkcs1 }))).toMatch(/PKCS#1/);
  });

  it("says when the client_email is missing", () => {
    expect(problem(keyJson({ client_email: undefined }))).toMatch(/client_email/);
  });
});
