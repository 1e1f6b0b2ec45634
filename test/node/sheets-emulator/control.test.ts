// The emulator's fault injection and its /__control surface, which tests
// running inside workerd use because they cannot call the emulator's methods.

import { expect, test } from "vitest";
import { failure, harnessPerTest, jwtFor, onSpreadsheet } from "./fixture.ts";

const h = harnessPerTest("control");

const control = (path: string, body?: unknown) =>
  fetch(`${h.emulator.url}/__control/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const read = () =>
  onSpreadsheet(h.emulator).values.get({
    range: "Meetings",
  });

test("POST /__control/faults makes the next N calls answer 429 RESOURCE_EXHAUSTED", async () => {
  await control("faults", { status: 429, count: 1 });
  const err = await failure(read());
  expect(err.status).toBe(429);
  expect(err.data).toMatchObject({ error: { code: 429, status: "RESOURCE_EXHAUSTED" } });
  expect((await read()).status).toBe(200);
});

test("a 503 fault answers UNAVAILABLE", async () => {
  h.emulator.injectFaults({ status: 503, count: 1 });
  const err = await failure(read());
  expect(err.data).toMatchObject({ error: { code: 503, status: "UNAVAILABLE" } });
});

test("a hang fault delays the answer by hangMs", async () => {
  await read();
  h.emulator.injectFaults({ hangMs: 300, count: 1 });
  const started = Date.now();
  const res = await read();
  expect(res.status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
});

test("GET /__control/calls counts reads, writes and token requests by method", async () => {
  await read();
  const client = onSpreadsheet(h.emulator);
  await client.write("Meetings!A9", [["x"]]);
  const calls = await (await control("calls")).json();
  expect(calls).toEqual({
    reads: 1,
    writes: 1,
    tokens: 2,
    byMethod: { "oauth2.token": 2, "spreadsheets.values.get": 1, "spreadsheets.values.update": 1 },
  });
});

test("POST /__control/reset clears faults and counters", async () => {
  await read();
  h.emulator.injectFaults({ status: 500, count: 5 });
  await control("reset", {});
  expect(h.emulator.calls().reads).toBe(0);
  expect((await read()).status).toBe(200);
});

test("POST /__control/key returns a key for the same account that the emulator does not trust", async () => {
  const other = (await (await control("key", {})).json()) as typeof h.emulator.serviceAccountKey;
  expect(other.client_email).toBe(h.emulator.serviceAccountKey.client_email);
  expect(other.private_key).not.toBe(h.emulator.serviceAccountKey.private_key);
  const err = await failure(onSpreadsheet(h.emulator, other).get());
  expect(err.data).toMatchObject({ error: "invalid_grant" });
});

test("the read quota answers 429 once the minute's reads are used up", async () => {
  await control("read-quota", { perMinute: 2 });
  await read();
  await read();
  const err = await failure(read());
  expect(err.status).toBe(429);
});

test("a fault targeted at the token endpoint fails token requests and spares API calls", async () => {
  h.emulator.injectFaults({ status: 500, count: 1, target: "token" });
  const token = await fetch(h.emulator.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=x",
  });
  expect(token.status).toBe(500);
  expect((await read()).status).toBe(200);
});

test("an unknown spreadsheets.batchUpdate request is refused with Google's 400 shape", async () => {
  const client = onSpreadsheet(h.emulator);
  const err = await failure(
    client.spreadsheets.batchUpdate({
      spreadsheetId: h.emulator.spreadsheetId,
      requestBody: { requests: [{ frobnicate: {} } as never] },
    }),
  );
  expect(err.status).toBe(400);
  expect(err.data).toMatchObject({
    error: {
      code: 400,
      status: "INVALID_ARGUMENT",
      details: [{ fieldViolations: [{ field: "requests[0]" }] }],
    },
  });
});

test("POST /__control/clock moves the emulator's clock forward, so a token expires at once, and reset brings back the wall clock", async () => {
  await control("token-ttl", { seconds: 60 });
  const key = h.emulator.serviceAccountKey;
  const { token } = await jwtFor(key, h.emulator.tokenUrl).getAccessToken();
  const get = () =>
    fetch(`${h.emulator.url}/v4/spreadsheets/${h.emulator.spreadsheetId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  expect((await get()).status).toBe(200);
  const before = (await (await control("clock")).json()) as { nowMs: number };
  const moved = (await (await control("clock", { advanceSeconds: 61 })).json()) as {
    nowMs: number;
  };
  expect(moved.nowMs - before.nowMs).toBeGreaterThanOrEqual(61_000);
  const stale = await get();
  expect(stale.status).toBe(401);
  expect(await stale.json()).toMatchObject({
    error: { details: [{ reason: "ACCESS_TOKEN_EXPIRED" }] },
  });
  await control("reset", {});
  const after = (await (await control("clock")).json()) as { nowMs: number };
  expect(after.nowMs).toBeLessThan(moved.nowMs);
});
