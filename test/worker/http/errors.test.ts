// The one HTTP error body: every JSON error the Worker answers with is
// { error: { code, message } }, an unexpected exception is a 500 with that body
// and no stack, and an unusable env answers the same way on every JSON route
// while the public feed still serves.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RawEnv } from "../../../src/env.ts";
import { createApp } from "../../../src/http/app.ts";
import { HttpError } from "../../../src/http/errors.ts";
import { snsRoutes } from "../../../src/sns/routes.ts";
import { buildApp } from "../../../workers/http.ts";
import { notification, permanentBounce, sign, TOPIC, testFetcher } from "../sns/helpers.ts";

const token = (env as unknown as { ADMIN_TOKEN: string }).ADMIN_TOKEN;
const admin = { authorization: `Bearer ${token}` };
const worker = (path: string, init?: RequestInit) =>
  exports.default.fetch(new Request(`https://liqaa.test${path}`, init));

/** The fields an error may carry besides code and message, each naming what was wrong. */
const DETAILS = new Set(["parameter", "detail", "problems"]);

/** Asserts the one body and returns it; a code is lowercase words joined by _ or . */
async function errorOf(response: Response) {
  expect(response.headers.get("content-type")).toContain("application/json");
  const body = (await response.json()) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toMatch(/^[a-z]+([_.][a-z]+)*$/);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message).not.toBe("");
  for (const key of Object.keys(body.error)) {
    if (key !== "code" && key !== "message") expect(DETAILS).toContain(key);
  }
  return body.error as { code: string; message: string; problems?: string[] };
}

const { SIGNING_SECRET: _, ADMIN_TOKEN: __, ...withoutSecrets } = env as unknown as RawEnv;
const badEnv = withoutSecrets as RawEnv;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("an unexpected exception", () => {
  it("is a 500 with the one body, logged, with no stack or message of its own in the response", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const app = createApp();
    app.get("/boom", () => {
      throw new Error("D1 said: secret table layout");
    });
    const response = await app.request("/boom");
    expect(response.status).toBe(500);
    const text = await response.clone().text();
    expect(text).not.toContain("secret table layout");
    expect(text).not.toMatch(/\bat .+:\d+:\d+/);
    expect((await errorOf(response)).code).toBe("internal");
    expect(logged).toHaveBeenCalledWith("http: GET /boom failed:", expect.any(Error));
  });

  it("in a real route (D1 failing under /admin/runs) goes through the Worker's onError", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = {
      ...env,
      DB: {
        prepare() {
          throw new Error("D1_ERROR: no such table: runs");
        },
      },
    };
    const response = await buildApp().request("/admin/runs", { headers: admin }, broken);
    expect(response.status).toBe(500);
    const text = await response.clone().text();
    expect(text).not.toContain("no such table");
    expect((await errorOf(response)).code).toBe("internal");
  });

  it("an HttpError answers with its own status and code, with or without the app's onError", async () => {
    const throwing = () => {
      throw new HttpError(409, "conflict_here", "it clashes");
    };
    const framed = createApp();
    framed.get("/x", throwing);
    const bare = new Hono();
    bare.get("/x", throwing);
    for (const app of [framed, bare]) {
      const response = await app.request("/x");
      expect(response.status).toBe(409);
      expect(await errorOf(response)).toEqual({ code: "conflict_here", message: "it clashes" });
    }
  });
});

describe("an unusable env", () => {
  const app = buildApp();
  const cases: [string, RequestInit][] = [
    ["/healthz", {}],
    ["/admin/runs", { headers: admin }],
    ["/admin/sync", { method: "POST", headers: admin }],
    ["/sns/ses", { method: "POST", body: "{}" }],
  ];

  for (const [path, init] of cases) {
    it(`answers ${init.method ?? "GET"} ${path} with 500 not_configured naming every problem`, async () => {
      vi.spyOn(console, "error").mockImplementation(() => {});
      const response = await app.request(path, init, badEnv);
      expect(response.status).toBe(500);
      const error = await errorOf(response);
      expect(error.code).toBe("not_configured");
      expect(error.message).toMatch(/SIGNING_SECRET is missing: .*wrangler secret put/);
      expect(error.problems).toHaveLength(2);
      expect(error.problems?.join("\n")).toMatch(/ADMIN_TOKEN is missing/);
    });
  }

  it("answers an RSVP link with a 500 too, not with a page that pretends the link is bad", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await app.request("/rsvp/some-token", {}, badEnv);
    expect(response.status).toBe(500);
    expect((await errorOf(response)).code).toBe("not_configured");
  });

  it("leaves the public feed serving: it reads no secret", async () => {
    const response = await app.request("https://liqaa.test/feed.json", {}, badEnv);
    expect(response.status).toBe(200);
  });
});

describe("every JSON error route answers with the one body", () => {
  const table: [string, string, RequestInit, number, string][] = [
    ["feed: a bad query parameter", "/feed.json?when=soon", {}, 400, "bad_parameter"],
    ["calendar: an unknown language", "/calendar.ics?lang=fr", {}, 400, "bad_parameter"],
    ["admin: no token", "/admin/runs", {}, 401, "unauthorized"],
    [
      "admin: a wrong token",
      "/admin/sync",
      { method: "POST", headers: { authorization: "Bearer x" } },
      401,
      "unauthorized",
    ],
    [
      "admin: resend of an unknown key",
      "/admin/outbox/nope/resend",
      { method: "POST", headers: admin },
      404,
      "not_resendable",
    ],
    [
      "preview: an unknown kind",
      "/admin/preview/M-1?kind=newsletter",
      { headers: admin },
      400,
      "bad_parameter",
    ],
    ["sns: no SNS_TOPIC_ARNS", "/sns/ses", { method: "POST", body: "{}" }, 500, "not_configured"],
  ];

  for (const [what, path, init, status, code] of table) {
    it(`${what}: ${status} ${code}`, async () => {
      vi.spyOn(console, "error").mockImplementation(() => {});
      const response = await worker(path, init);
      expect(response.status).toBe(status);
      expect((await errorOf(response)).code).toBe(code);
    });
  }

  it("keeps the CORS header on the feed's 400, so websites can read why", async () => {
    const response = await worker("/feed.json?limit=0");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await errorOf(response)).toMatchObject({ code: "bad_parameter", parameter: "limit" });
  });

  it("keeps WWW-Authenticate on the admin 401", async () => {
    const response = await worker("/admin/runs");
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="liqaa-admin"');
    await errorOf(response);
  });

  describe("sns", () => {
    const snsEnv = { ...env, SNS_TOPIC_ARNS: "arn:aws:sns:eu-west-1:123456789012:other" };
    const app = createApp().route("/", snsRoutes({ fetcher: testFetcher().fetcher }));
    const post = (body: string) => app.request("/sns/ses", { method: "POST", body }, snsEnv);

    it("413 body_too_large, 400 not_json, 400 not_sns, 403 with the refusal as its code", async () => {
      const refused = JSON.stringify(await sign(notification(permanentBounce("huda@example.org"))));
      expect(TOPIC).not.toBe(snsEnv.SNS_TOPIC_ARNS);
      const cases: [string, number, string][] = [
        ["x".repeat(256 * 1024 + 1), 413, "body_too_large"],
        ["{not json", 400, "not_json"],
        [JSON.stringify({ Type: "Notification" }), 400, "not_sns"],
        [refused, 403, "topic_not_allowed"],
      ];
      for (const [body, status, code] of cases) {
        const response = await post(body);
        expect(response.status).toBe(status);
        expect((await errorOf(response)).code).toBe(code);
      }
    });
  });
});
