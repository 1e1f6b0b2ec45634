import { describe, expect, it } from "vitest";
import { classifyFetchError, classifyResponse, errorType } from "../../../src/ses/classify.ts";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

function sesError(status: number, type: string, message = "x", extra: HeadersInit = {}) {
  const headers = new Headers({
    "x-amzn-ErrorType": `${type}:http://internal.amazon.com/coral/com.amazonaws.sesv2/`,
    ...Object.fromEntries(new Headers(extra)),
  });
  return classifyResponse(status, headers, JSON.stringify({ message }), NOW);
}

describe("classifying SES v2 answers", () => {
  it("reads the error type from the header, dropping the namespace", () => {
    expect(errorType("MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/")).toBe(
      "MessageRejected",
    );
  });

  it("reads the error type from a __type body when the header is missing", () => {
    const result = classifyResponse(
      400,
      new Headers(),
      JSON.stringify({ __type: "com.amazonaws.sesv2#MessageRejected", message: "no" }),
      NOW,
    );
    expect(result).toEqual({
      kind: "rejected",
      code: "MessageRejected",
      reason: "MessageRejected: no",
    });
  });

  it("takes a Retry-After in seconds as the throttle hint", () => {
    expect(sesError(429, "TooManyRequestsException", "slow", { "Retry-After": "3" })).toMatchObject(
      {
        kind: "throttled",
        retryAfterMs: 3000,
      },
    );
  });

  it("takes a Retry-After date as the throttle hint", () => {
    const later = new Date(NOW + 5000).toUTCString();
    expect(
      sesError(429, "TooManyRequestsException", "slow", { "Retry-After": later }),
    ).toMatchObject({
      retryAfterMs: 5000,
    });
  });

  it("treats a used-up daily quota (LimitExceededException, 400) as throttled, not rejected", () => {
    expect(sesError(400, "LimitExceededException").kind).toBe("throttled");
  });

  it.each([
    "MessageRejected",
    "AccountSuspendedException",
    "SendingPausedException",
    "MailFromDomainNotVerifiedException",
    "BadRequestException",
  ])("treats %s as rejected", (type) => {
    expect(sesError(400, type)).toMatchObject({ kind: "rejected", code: type });
  });

  it("treats a 503 as transient", () => {
    expect(sesError(503, "ServiceUnavailable").kind).toBe("transient");
  });

  it("treats SES's own InternalFailure as transient: SES says it did not take the message", () => {
    expect(sesError(500, "InternalFailure").kind).toBe("transient");
  });

  it.each([502, 504])(
    "treats a %s with no SES error type as unknown: a gateway may have passed the request on",
    (status) => {
      const result = classifyResponse(status, new Headers(), "<html>Bad Gateway</html>", NOW);
      expect(result.kind).toBe("unknown");
    },
  );

  it("treats a 200 without a MessageId as unknown: accepted, but not traceable", () => {
    expect(classifyResponse(200, new Headers(), "{}", NOW).kind).toBe("unknown");
  });

  it("treats a timeout as unknown even when the error looks like a refusal", () => {
    const error = new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    expect(classifyFetchError(error, true).kind).toBe("unknown");
  });

  it("treats a reset connection as unknown: the request may have gone out", () => {
    const error = new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
    expect(classifyFetchError(error, false).kind).toBe("unknown");
  });
});
