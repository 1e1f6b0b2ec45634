import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseEnv, type RawEnv } from "../../src/env.ts";

const raw = env as unknown as RawEnv;

describe("the environment", () => {
  it("accepts the test configuration", () => {
    const parsed = parseEnv(raw);
    expect(parsed).toMatchObject({ ok: true });
  });

  it("names a missing secret and says how to set it", () => {
    const { GOOGLE_SERVICE_ACCOUNT_KEY: _, ...rest } = raw;
    const parsed = parseEnv(rest as RawEnv);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      expect.stringMatching(
        /^GOOGLE_SERVICE_ACCOUNT_KEY is missing: .*wrangler secret put GOOGLE_SERVICE_ACCOUNT_KEY/,
      ),
    ]);
  });

  it("reports every malformed value at once", () => {
    const parsed = parseEnv({
      ...raw,
      ADMIN_TOKEN: "short",
      SHEETS_API_URL: "ftp://x",
      DRY_RUN: "yes",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(3);
    expect(parsed.problems.join("\n")).toMatch(/ADMIN_TOKEN must be at least 16/);
    expect(parsed.problems.join("\n")).toMatch(/SHEETS_API_URL must be an http\(s\) URL/);
    expect(parsed.problems.join("\n")).toMatch(/DRY_RUN must be "true" or "false"/);
  });

  it("refuses a send rate of zero, which would stop all mail", () => {
    const parsed = parseEnv({ ...raw, SES_MAX_SEND_RATE: "0" });
    expect(parsed).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^SES_MAX_SEND_RATE must be above 0/)],
    });
  });

  it("needs PUBLIC_URL unless it is a dry run, since emails link to it", () => {
    const parsed = parseEnv({ ...raw, PUBLIC_URL: "" });
    expect(parsed).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^PUBLIC_URL is empty: .*RSVP/)],
    });
    expect(parseEnv({ ...raw, PUBLIC_URL: "", DRY_RUN: "true" }).ok).toBe(true);
  });

  it("takes the waits for SES and Google in milliseconds, 10 s when unset", () => {
    const parsed = parseEnv(raw);
    expect(parsed.ok && [parsed.env.SES_TIMEOUT_MS, parsed.env.GOOGLE_TIMEOUT_MS]).toEqual([
      "10000",
      "10000",
    ]);
    expect(parseEnv({ ...raw, SES_TIMEOUT_MS: "50" })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^SES_TIMEOUT_MS must be between 100 and 60000/)],
    });
    expect(parseEnv({ ...raw, GOOGLE_TIMEOUT_MS: "5s" })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^GOOGLE_TIMEOUT_MS must be a whole number/)],
    });
  });

  it("wants an https PUBLIC_URL, except on this machine's loopback", () => {
    const parsed = parseEnv({ ...raw, PUBLIC_URL: "http://liqaa.example.org" });
    expect(parsed).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^PUBLIC_URL must be https/)],
    });
    expect(parseEnv({ ...raw, PUBLIC_URL: "http://127.0.0.1:8787" }).ok).toBe(true);
    expect(parseEnv({ ...raw, PUBLIC_URL: "http://localhost:8787" }).ok).toBe(true);
    expect(parseEnv({ ...raw, PUBLIC_URL: "https://liqaa.example.org" }).ok).toBe(true);
  });

  it("serves the health check through the real Worker", async () => {
    const response = await exports.default.fetch("http://liqaa.test/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
