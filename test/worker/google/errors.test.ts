import { describe, expect, it } from "vitest";
import {
  classifySheetsFailure,
  classifyTokenFailure,
  timedOut,
  unavailable,
} from "../../../src/google/errors.ts";

const EMAIL = "liqaa@example-project.iam.gserviceaccount.com";
const googleError = (code: number, status: string, message: string) =>
  JSON.stringify({ error: { code, message, status } });

describe("classifySheetsFailure", () => {
  it("asks for the sheet to be shared with the service account on 403", () => {
    const error = classifySheetsFailure(
      403,
      googleError(403, "PERMISSION_DENIED", "The caller does not have permission"),
      EMAIL,
    );
    expect(error).toMatchObject({ kind: "forbidden", status: 403, retryable: false });
    expect(error.message.en).toContain(`Share the sheet with ${EMAIL} as Editor`);
    expect(error.message.ar).toContain(EMAIL);
    expect(error.detail).toContain("PERMISSION_DENIED: The caller does not have permission");
  });

  it("carries the service account to share with as data, not only in its sentence", () => {
    const error = classifySheetsFailure(403, "", EMAIL);
    expect(error.kind === "forbidden" && error.serviceAccount).toBe(EMAIL);
  });

  it("points at SHEET_ID on 404", () => {
    const error = classifySheetsFailure(
      404,
      googleError(404, "NOT_FOUND", "Requested entity was not found."),
      EMAIL,
    );
    expect(error).toMatchObject({ kind: "not_found", retryable: false });
    expect(error.message.en).toContain("SHEET_ID");
    expect(error.message.ar).toContain("SHEET_ID");
  });

  it("calls 429 a quota problem that the next sync retries", () => {
    const error = classifySheetsFailure(
      429,
      googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded"),
      EMAIL,
    );
    expect(error).toMatchObject({ kind: "quota", retryable: true });
    expect(error.message.en).toMatch(/quota.*next sync/);
  });

  it("calls 503 unavailable and retryable", () => {
    const error = classifySheetsFailure(503, "<html>Service Unavailable</html>", EMAIL);
    expect(error).toMatchObject({ kind: "unavailable", status: 503, retryable: true });
    expect(error.detail).toContain("Service Unavailable");
  });

  it("passes Google's reason for a 400 on to the person", () => {
    const error = classifySheetsFailure(
      400,
      googleError(400, "INVALID_ARGUMENT", "Unable to parse range: 'Meetngs'!A1:Z"),
      EMAIL,
    );
    expect(error).toMatchObject({ kind: "bad_request", retryable: false });
    expect(error.message.en).toContain("Unable to parse range: 'Meetngs'!A1:Z");
  });
});

describe("classifyTokenFailure", () => {
  it("says the key secret is wrong or revoked on invalid_grant", () => {
    const error = classifyTokenFailure(
      400,
      JSON.stringify({ error: "invalid_grant", error_description: "Invalid JWT Signature." }),
    );
    expect(error).toMatchObject({ kind: "auth", status: 400, retryable: false });
    expect(error.message.en).toMatch(/GOOGLE_SERVICE_ACCOUNT_KEY: it is wrong, deleted or revoked/);
    expect(error.detail).toBe("HTTP 400: invalid_grant (Invalid JWT Signature.)");
  });

  it("treats a token endpoint 500 as unavailable, not as a bad key", () => {
    expect(classifyTokenFailure(500, "")).toMatchObject({ kind: "unavailable", retryable: true });
  });
});

describe("the words for a failure", () => {
  it("say how long Liqaa waited, from the failure's data", () => {
    const error = timedOut(15_000, "no answer");
    expect(error).toMatchObject({ kind: "timeout", timeoutMs: 15_000, retryable: true });
    expect(error.message.en).toBe(
      "Google did not answer within 15 s. Liqaa will try again at the next sync.",
    );
    expect(error.message.ar).toBe(
      "لم تُجب Google خلال 15 ثانية. ستُعاد المحاولة في المزامنة التالية.",
    );
  });

  it("name the HTTP status only when an answer came", () => {
    expect(unavailable(502, "").message.en).toBe(
      "Google Sheets did not answer (HTTP 502). Liqaa will try again at the next sync.",
    );
    expect(unavailable(undefined, "").message.en).toBe(
      "Google Sheets did not answer. Liqaa will try again at the next sync.",
    );
  });
});
