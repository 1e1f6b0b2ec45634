// The client against the project's Sheets API emulator (a real HTTP server on
// 127.0.0.1 that verifies the JWT and answers in Google's shapes). One file, so
// its tests run in order and faults injected by one cannot reach another.
import { beforeEach, describe, expect, it } from "vitest";
import { a1Range, batchGetBytes, sheetsClientFromEnv } from "../../../src/google/sheets-client.ts";
import { clearTokenCache } from "../../../src/google/token.ts";
import { parseDate } from "../../../src/sheet/dates.ts";
import { cellText } from "../../../src/sheet/text.ts";
import { parseTime } from "../../../src/sheet/times.ts";
import {
  accessToken,
  calls,
  control,
  createSpreadsheet,
  emulator,
  emulatorClient,
  parseKey,
  userEnteredValue,
} from "./emulator.ts";

beforeEach(async () => {
  clearTokenCache();
  await control("reset");
});

describe("the Sheets client against the emulator", () => {
  it("reads every tab of the demo sheet in one batchGet, the same rows the validator reads from the CSV files", async () => {
    const { client } = emulatorClient();
    const spreadsheet = await client.getSpreadsheet();
    if (!spreadsheet.ok) throw new Error(spreadsheet.error.detail);
    const titles = spreadsheet.value.sheets.map((sheet) => sheet.title);
    expect(titles).toContain("الاجتماعات");
    expect(titles.sort()).toEqual(Object.keys(emulator().expectedTabs).sort());

    const before = await calls();
    const read = await client.batchGet(
      titles.map((title) => a1Range(title)),
      { valueRenderOption: "FORMATTED_VALUE" },
    );
    if (!read.ok) throw new Error(read.error.detail);
    const tabs = Object.fromEntries(titles.map((title, i) => [title, read.value[i]!.values]));
    expect(tabs).toEqual(emulator().expectedTabs);
    expect((await calls()).reads - before.reads).toBe(1);
  });

  it("answers the same text with the same, frozen cells (parsed once), and a changed cell anew", async () => {
    const { client } = emulatorClient();
    const range = [a1Range("الإعدادات", "A1:B3")];
    const first = await client.batchGet(range);
    const second = await emulatorClient().client.batchGet(range);
    if (!first.ok || !second.ok) throw new Error("read failed");
    expect(second.value).toEqual(first.value);
    expect(batchGetBytes(second.value)).toBe(batchGetBytes(first.value));
    const sent = JSON.parse(new TextDecoder().decode(batchGetBytes(first.value))) as {
      valueRanges: { values: unknown }[];
    };
    expect(sent.valueRanges.map((r) => r.values)).toEqual(first.value.map((r) => r.values));
    expect(Object.isFrozen(second.value[0]?.values[0])).toBe(true);
    const written = await client.batchUpdate([
      { range: a1Range("الإعدادات", "B1"), values: [["x@example.org"]] },
    ]);
    expect(written.ok).toBe(true);
    const third = await client.batchGet(range);
    if (!third.ok) throw new Error("read failed");
    expect(third.value[0]?.values[0]?.[1]).toBe("x@example.org");
    // Read as a delta of the last answer: the rows the write left alone are the same objects.
    expect(third.value[0]?.values.length).toBeGreaterThan(1);
    expect(third.value[0]?.values[1]).toBe(first.value[0]?.values[1]);
    expect(Object.isFrozen(third.value[0]?.values[0])).toBe(true);
    expect(batchGetBytes(third.value)).not.toBe(batchGetBytes(first.value));
    const old = String(first.value[0]?.values[0]?.[1] ?? "");
    expect(
      (await client.batchUpdate([{ range: a1Range("الإعدادات", "B1"), values: [[old]] }])).ok,
    ).toBe(true);
  });

  it("reads a changed answer as a delta of the same request's last, another request in between", async () => {
    const { client } = emulatorClient();
    const whole = [a1Range("الإعدادات", "A1:B3")];
    const first = await client.batchGet(whole);
    // The write-back's kind of read: a few rows, another request.
    const other = await client.batchGet([a1Range("الإعدادات", "A2:B2")]);
    if (!first.ok || !other.ok) throw new Error("read failed");
    const old = String(first.value[0]?.values[0]?.[1] ?? "");
    try {
      const written = await client.batchUpdate([
        { range: a1Range("الإعدادات", "B1"), values: [["y@example.org"]] },
      ]);
      expect(written.ok).toBe(true);
      const again = await client.batchGet(whole);
      if (!again.ok) throw new Error("read failed");
      expect(again.value[0]?.values[0]?.[1]).toBe("y@example.org");
      // Untouched rows are the first answer's objects: read as its delta, not parsed anew.
      expect(again.value[0]?.values[1]).toBe(first.value[0]?.values[1]);
    } finally {
      await client.batchUpdate([{ range: a1Range("الإعدادات", "B1"), values: [[old]] }]);
    }
  });

  it("reads unformatted by default, date cells as serial numbers and every other cell as the same text", async () => {
    const { client } = emulatorClient();
    const titles = Object.keys(emulator().expectedTabs);
    const before = await calls();
    const read = await client.batchGet(titles.map((title) => a1Range(title)));
    if (!read.ok) throw new Error(read.error.detail);
    expect((await calls()).reads - before.reads).toBe(1);
    const serials: string[] = [];
    titles.forEach((title, t) => {
      const shown = emulator().expectedTabs[title]!;
      read.value[t]!.values.forEach((row, r) => {
        row.forEach((cell, c) => {
          const text = shown[r]![c]!;
          if (typeof cell !== "number" || text === String(cell)) {
            expect(cellText(cell), `${title} ${r}:${c}`).toBe(text);
            return;
          }
          // A date or time cell: a serial number that reads as the same day or time.
          const header = shown[0]![c]!;
          serials.push(header);
          if (header === "التاريخ") expect(parseDate(cell)).toEqual(parseDate(text));
          else expect(parseTime(cell)).toEqual(parseTime(text));
        });
      });
    });
    expect(new Set(serials)).toEqual(new Set(["التاريخ", "البداية", "النهاية"]));
  });

  it("asks Google for unformatted values with dates as serial numbers, unless told otherwise", async () => {
    const urls: string[] = [];
    const { client } = emulatorClient({
      fetch: (input, init) => {
        urls.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    await client.batchGet([a1Range("الإعدادات", "A1")]);
    await client.batchGet([a1Range("الإعدادات", "A1")], { valueRenderOption: "FORMATTED_VALUE" });
    const reads = urls.filter((url) => url.includes("values:batchGet"));
    expect(reads[0]).toContain(
      "valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=SERIAL_NUMBER",
    );
    expect(reads[1]).toContain("valueRenderOption=FORMATTED_VALUE");
    expect(reads[1]).not.toContain("dateTimeRenderOption");
  });

  it("signs in once and reuses the token for the next request", async () => {
    const { client } = emulatorClient();
    await client.batchGet([a1Range("الإعدادات", "A1:B2")]);
    await client.batchGet([a1Range("الإعدادات", "A1:B2")]);
    expect((await calls()).tokens).toBe(1);
  });

  it("is refused, naming the key secret, when the assertion is signed by another key", async () => {
    const untrusted = (await control("key")) as Record<string, unknown>;
    const { client } = emulatorClient({ key: parseKey(JSON.stringify(untrusted)) });
    const read = await client.batchGet([a1Range("الإعدادات")]);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error).toMatchObject({ kind: "auth", status: 400, retryable: false });
    expect(read.error.detail).toMatch(/invalid_grant/);
    expect(read.error.message.en).toContain("GOOGLE_SERVICE_ACCOUNT_KEY");
  });

  it("renews a cached token shortly before it expires", async () => {
    await control("token-ttl", { seconds: 20 });
    let clock = Date.now();
    const { client } = emulatorClient({ now: () => clock });
    expect((await client.batchGet([a1Range("الإعدادات", "A1")])).ok).toBe(true);
    // Kept for half of a short life: 10 s later by the client's clock it is renewed.
    clock += 11_000;
    expect((await client.batchGet([a1Range("الإعدادات", "A1")])).ok).toBe(true);
    expect((await calls()).tokens).toBe(2);
  });

  it("fetches a new token once when Google answers 401 to an expired cached one", async () => {
    await control("token-ttl", { seconds: 1 });
    const frozen = Date.now();
    // The client's clock stands still, so only Google's 401 can tell it the token died.
    const { client } = emulatorClient({ now: () => frozen });
    expect((await client.batchGet([a1Range("الإعدادات", "A1")])).ok).toBe(true);
    await control("clock", { advanceSeconds: 2 });
    const read = await client.batchGet([a1Range("الإعدادات", "A1")]);
    expect(read.ok).toBe(true);
    expect((await calls()).tokens).toBe(2);
  });

  it("retries a 429 and then succeeds, after a backoff", async () => {
    await control("faults", { status: 429, count: 1 });
    const { client, waits } = emulatorClient();
    const read = await client.batchGet([a1Range("الإعدادات")]);
    expect(read.ok).toBe(true);
    expect(waits).toHaveLength(1);
    expect((await calls()).reads).toBe(2);
  });

  it("gives up after maxAttempts of 503 and says Google is unavailable", async () => {
    await control("faults", { status: 503, count: 5 });
    const { client, waits } = emulatorClient({ maxAttempts: 3 });
    const read = await client.batchGet([a1Range("الإعدادات")]);
    expect(read).toMatchObject({ ok: false, error: { kind: "unavailable", status: 503 } });
    expect(waits).toHaveLength(2);
  });

  it("abandons a request that hangs past its timeout", async () => {
    await control("faults", { hangMs: 2_000, count: 1 });
    const { client } = emulatorClient({ timeoutMs: 200, maxAttempts: 1 });
    const read = await client.batchGet([a1Range("الإعدادات")]);
    expect(read).toMatchObject({ ok: false, error: { kind: "timeout", retryable: true } });
  });

  it("refuses an answer whose cells are not cells, saying what came, and reads the next one", async () => {
    const garbled = JSON.stringify({
      valueRanges: [{ range: "'الإعدادات'!A1:B2", values: [["a", { formula: "=1" }]] }],
    });
    await control("faults", { body: garbled, count: 1 });
    const { client } = emulatorClient({ maxAttempts: 1 });
    const read = await client.batchGet([a1Range("الإعدادات")]);
    expect(read).toMatchObject({ ok: false, error: { kind: "unavailable" } });
    if (read.ok) return;
    expect(read.error.detail).toMatch(/unexpected answer/);
    expect(read.error.detail).toMatch(/valueRanges/);
    const again = await client.batchGet([a1Range("الإعدادات")]);
    expect(again.ok).toBe(true);
  });

  it("reads an answer that leaves out empty lists as the schema does", async () => {
    await control("faults", { body: JSON.stringify({ spreadsheetId: "x" }), count: 1 });
    const { client } = emulatorClient({ maxAttempts: 1 });
    expect(await client.batchGet([a1Range("الإعدادات")])).toEqual({ ok: true, value: [] });
    const ranges = JSON.stringify({ valueRanges: [{ range: "'الإعدادات'!A1:Z1000" }] });
    await control("faults", { body: ranges, count: 1 });
    expect(await client.batchGet([a1Range("الإعدادات")])).toEqual({
      ok: true,
      value: [{ range: "'الإعدادات'!A1:Z1000", values: [] }],
    });
  });

  it("asks for the sheet to be shared with the service account as Editor on a 403", async () => {
    // The emulator answers 403 to a write with a read-only token, as Google does.
    const { client } = emulatorClient({ readOnly: true });
    const written = await client.batchUpdate([
      { range: a1Range("الإعدادات", "Z1"), values: [["x"]] },
    ]);
    expect(written.ok).toBe(false);
    if (written.ok) return;
    const email = parseKey(emulator().serviceAccountKey).client_email;
    expect(written.error).toMatchObject({
      kind: "forbidden",
      status: 403,
      retryable: false,
      serviceAccount: email,
    });
    expect(written.error.message.en).toContain(`Share the sheet with ${email} as Editor`);
    expect(written.error.message.ar).toContain(email);
    expect((await calls()).writes).toBe(1);
  });

  it("asks for the sheet to be shared when Google refuses to read a sheet not shared with it", async () => {
    // Google's answer to a service account the sheet was never shared with.
    await control("faults", { status: 403, count: 1 });
    const { client } = emulatorClient();
    const read = await client.batchGet([a1Range("الإعدادات")]);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const email = parseKey(emulator().serviceAccountKey).client_email;
    expect(read.error).toMatchObject({ kind: "forbidden", status: 403, retryable: false });
    expect(read.error.message.en).toContain(`Share the sheet with ${email} as Editor`);
    expect((await calls()).reads).toBe(1);
  });

  it("points at SHEET_ID when the spreadsheet does not exist", async () => {
    const { client } = emulatorClient({ sheetId: "no-such-spreadsheet" });
    const read = await client.batchGet([a1Range("الإعدادات")]);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error).toMatchObject({ kind: "not_found", status: 404 });
    expect(read.error.message.en).toContain("SHEET_ID");
    expect((await calls()).reads).toBe(1);
  });

  it("passes on Google's words when a range names a tab the sheet does not have", async () => {
    const { client } = emulatorClient();
    const read = await client.batchGet([a1Range("Meetngs", "A1:Z")]);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error).toMatchObject({ kind: "bad_request", status: 400, retryable: false });
    expect(read.error.message.en).toContain("Meetngs");
    expect((await calls()).reads).toBe(1);
  });

  it("retries the token endpoint's 503 and then signs in", async () => {
    await control("faults", { status: 503, count: 1, target: "token" });
    const { client, waits } = emulatorClient();
    const read = await client.batchGet([a1Range("الإعدادات", "A1")]);
    expect(read.ok).toBe(true);
    expect(waits).toHaveLength(1);
    expect((await calls()).tokens).toBe(2);
  });

  it("is built from the env's SHEET_ID, URLs and key secret", async () => {
    const context = emulator();
    const built = sheetsClientFromEnv(
      {
        SHEET_ID: context.spreadsheetId,
        GOOGLE_TOKEN_URL: context.tokenUrl,
        SHEETS_API_URL: `${context.url}/`,
        GOOGLE_SERVICE_ACCOUNT_KEY: context.serviceAccountKey,
      },
      { now: () => Date.now(), sleep: async () => {}, random: () => 0 },
    );
    if (!built.ok) throw new Error(built.error.detail);
    const read = await built.value.batchGet([a1Range("الإعدادات", "A1")]);
    expect(read.ok && read.value[0]!.values.length).toBe(1);
  });

  it("refuses to build from a key secret that is not JSON, naming the secret", () => {
    const context = emulator();
    const built = sheetsClientFromEnv(
      {
        SHEET_ID: context.spreadsheetId,
        GOOGLE_TOKEN_URL: context.tokenUrl,
        SHEETS_API_URL: context.url,
        GOOGLE_SERVICE_ACCOUNT_KEY: "liqaa-sync@liqaa-local.iam.gserviceaccount.com",
      },
      { now: () => Date.now(), sleep: async () => {}, random: () => 0 },
    );
    expect(built).toMatchObject({ ok: false, error: { kind: "bad_key" } });
  });

  it("writes a formula-looking value as text, never as a formula", async () => {
    const { client } = emulatorClient();
    const range = a1Range("الإعدادات", "Z1");
    const formula = '=IMPORTXML("https://example.org","//a")';
    const written = await client.batchUpdate([{ range, values: [[formula]] }]);
    expect(written).toMatchObject({ ok: true, value: { totalUpdatedCells: 1 } });
    expect(await userEnteredValue(range)).toEqual({ stringValue: formula });
  });

  it("round-trips a value through a tab with an Arabic title and a space", async () => {
    const { client } = emulatorClient();
    const range = a1Range("جهات الاتصال", "Z2:Z3");
    const written = await client.batchUpdate([{ range, values: [["مرحباً"], ["it's"]] }]);
    expect(written.ok).toBe(true);
    const read = await client.batchGet([range]);
    expect(read.ok && read.value[0]!.values).toEqual([["مرحباً"], ["it's"]]);
  });

  it("adds tabs in one request and reads them back empty, an Arabic one right to left", async () => {
    const context = emulator();
    const sheetId = await newSpreadsheet();
    const { client } = emulatorClient({ sheetId });
    const before = await calls();
    const added = await client.addSheets([
      { title: "الردود", rightToLeft: true },
      { title: "Sync log" },
    ]);
    if (!added.ok) throw new Error(added.error.detail);
    expect(added.value.map((s) => s.title)).toEqual(["الردود", "Sync log"]);
    expect((await calls()).writes - before.writes).toBe(1);
    const info = await client.getSpreadsheet();
    expect(info.ok && info.value.sheets.map((s) => s.title)).toEqual([
      "Only",
      "الردود",
      "Sync log",
    ]);
    const read = await client.batchGet([a1Range("الردود"), a1Range("Sync log")]);
    expect(read.ok && read.value.map((r) => r.values)).toEqual([[], []]);
    const raw = await fetch(`${context.url}/v4/spreadsheets/${sheetId}`, {
      headers: { authorization: `Bearer ${await accessToken()}` },
    });
    const body = (await raw.json()) as {
      sheets: { properties: { title: string; rightToLeft?: boolean } }[];
    };
    expect(body.sheets.map((s) => s.properties.rightToLeft ?? false)).toEqual([false, true, false]);
  });

  it("adds no tab when one of the titles is taken, and says so as a bad request", async () => {
    const { client } = emulatorClient({ sheetId: await newSpreadsheet() });
    const added = await client.addSheets([{ title: "Fresh" }, { title: "Only" }]);
    expect(added).toMatchObject({ ok: false, error: { kind: "bad_request" } });
    const info = await client.getSpreadsheet();
    expect(info.ok && info.value.sheets.map((s) => s.title)).toEqual(["Only"]);
  });
});

/** A new spreadsheet with one tab, "Only", so adding tabs leaves the shared demo sheet alone. */
async function newSpreadsheet(): Promise<string> {
  return createSpreadsheet({ sheets: [{ properties: { title: "Only" } }] });
}
