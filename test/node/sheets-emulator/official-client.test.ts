// Conformance: Google's official Node client (@googleapis/sheets with
// google-auth-library) against the emulator. Where the two disagree, the
// emulator is wrong.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseCsv, toCsv } from "../../../scripts/lib/csv-folder.ts";
import { failure, GOOGLE_TOKEN_URL, harnessPerTest, jwtFor, onSpreadsheet } from "./fixture.ts";

const h = harnessPerTest("conformance");

describe("reading", () => {
  test("batchGet in FORMATTED_VALUE returns strings, ragged as Google returns them", async () => {
    const client = onSpreadsheet(h.emulator);
    const res = await client.spreadsheets.values.batchGet({
      spreadsheetId: h.emulator.spreadsheetId,
      ranges: ["Meetings", "Contacts!A1:B"],
    });
    const [meetings, contacts] = res.data.valueRanges ?? [];
    expect(meetings?.range).toBe("Meetings!A1:Z1000");
    expect(meetings?.values).toEqual([
      ["ID", "Title (Arabic)", "Date", "Start", "Publish", "Count"],
      ["m-1", "مشاورات مع أوتشا", "2019-05-16", "10:00", "TRUE", "12"],
      ["", "ورشة عمل", "16/05/2019"],
      ["m-3", "إحاطة", "2019/11/18-19"],
    ]);
    expect(contacts?.range).toBe("Contacts!A1:B1000");
  });

  test("UNFORMATTED_VALUE gives numbers, booleans and serial dates; date ranges stay text", async () => {
    const client = onSpreadsheet(h.emulator);
    const res = await client.values.get({
      range: "Meetings!A2:F4",
      valueRenderOption: "UNFORMATTED_VALUE",
    });
    expect(res.data.values).toEqual([
      ["m-1", "مشاورات مع أوتشا", 43601, 10 / 24, true, 12],
      ["", "ورشة عمل", 43601],
      ["m-3", "إحاطة", "2019/11/18-19"],
    ]);
  });

  test("Liqaa's read: batchGet with UNFORMATTED_VALUE and SERIAL_NUMBER (more in date-formats.test.ts)", async () => {
    const client = onSpreadsheet(h.emulator);
    const res = await client.spreadsheets.values.batchGet({
      spreadsheetId: h.emulator.spreadsheetId,
      ranges: ["Meetings", "Contacts!A1:B"],
      valueRenderOption: "UNFORMATTED_VALUE",
      dateTimeRenderOption: "SERIAL_NUMBER",
    });
    const [meetings, contacts] = res.data.valueRanges ?? [];
    expect(meetings?.values?.[1]).toEqual(["m-1", "مشاورات مع أوتشا", 43601, 10 / 24, true, 12]);
    expect(contacts?.values).toEqual([
      ["Organization", "Email"],
      ["OCHA", "ocha@example.org"],
    ]);
  });

  test("dateTimeRenderOption FORMATTED_STRING keeps dates as written in UNFORMATTED_VALUE", async () => {
    const client = onSpreadsheet(h.emulator);
    const res = await client.values.get({
      range: "Meetings!C2",
      valueRenderOption: "UNFORMATTED_VALUE",
      dateTimeRenderOption: "FORMATTED_STRING",
    });
    expect(res.data.values).toEqual([["2019-05-16"]]);
  });

  test("majorDimension COLUMNS returns columns", async () => {
    const client = onSpreadsheet(h.emulator);
    const res = await client.values.get({ range: "Contacts!A1:B2", majorDimension: "COLUMNS" });
    expect(res.data.values).toEqual([
      ["Organization", "OCHA"],
      ["Email", "ocha@example.org"],
    ]);
  });

  test("an Arabic tab title quoted in an A1 range round-trips", async () => {
    const client = onSpreadsheet(h.emulator);
    await client.write("'الاجتماعات'!C2", [["تمت المزامنة"]]);
    const res = await client.values.get({ range: "'الاجتماعات'!A1:Z" });
    expect(res.data.range).toBe("'الاجتماعات'!A1:Z1000");
    expect(res.data.values).toEqual([
      ["المعرف", "العنوان"],
      ["a-1", "اجتماع ثنائي", "تمت المزامنة"],
    ]);
  });

  test("a file edited on disk is seen on the next read", async () => {
    const client = onSpreadsheet(h.emulator);
    const read = () => client.values.get({ range: "Contacts" });
    expect((await read()).data.values).toHaveLength(2);
    await writeFile(
      join(h.dataDir, "Contacts.csv"),
      toCsv([
        ["Organization", "Email"],
        ["OCHA", "ocha@example.org"],
        ["UNDP", "undp@example.org"],
      ]),
    );
    expect((await read()).data.values?.[2]).toEqual(["UNDP", "undp@example.org"]);
  });

  test("spreadsheets.get lists the tabs with their properties", async () => {
    const client = onSpreadsheet(h.emulator);
    const res = await client.get();
    const titles = res.data.sheets?.map((s) => s.properties?.title).sort();
    expect(titles).toEqual(["Contacts", "Meetings", "الاجتماعات"].sort());
    expect(res.data.sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(1000);
  });
});

describe("writing", () => {
  test("a RAW write of =SUM(1) comes back as text in every render option", async () => {
    const client = onSpreadsheet(h.emulator);
    const update = await client.spreadsheets.values.batchUpdate({
      spreadsheetId: h.emulator.spreadsheetId,
      requestBody: {
        valueInputOption: "RAW",
        data: [{ range: "Meetings!G2:H2", values: [["=SUM(1)", "2019-05-16"]] }],
      },
    });
    expect(update.data.totalUpdatedCells).toBe(2);
    for (const valueRenderOption of ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"]) {
      const res = await client.values.get({
        range: "Meetings!G2:H2",
        valueRenderOption,
      });
      expect(res.data.values, valueRenderOption).toEqual([["=SUM(1)", "2019-05-16"]]);
    }
  });

  test("a USER_ENTERED formula is kept as a formula, not evaluated", async () => {
    const client = onSpreadsheet(h.emulator);
    await client.write("Meetings!G3", [["=1+1"]], "USER_ENTERED");
    const res = await client.get({
      ranges: ["Meetings!G3"],
      includeGridData: true,
    });
    const cell = res.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0];
    expect(cell?.userEnteredValue).toEqual({ formulaValue: "=1+1" });
  });

  test("a write lands in the tab's CSV file", async () => {
    const client = onSpreadsheet(h.emulator);
    await client.write("Meetings!A3", [["m-2"]]);
    const rows = parseCsv(await readFile(join(h.dataDir, "Meetings.csv"), "utf8"));
    expect(rows[2]?.[0]).toBe("m-2");
  });

  test("append writes after the last row of the table", async () => {
    const client = onSpreadsheet(h.emulator);
    const res = await client.spreadsheets.values.append({
      spreadsheetId: h.emulator.spreadsheetId,
      range: "Contacts!A1",
      valueInputOption: "RAW",
      insertDataOption: "INSERT_ROWS",
      requestBody: { values: [["UNHCR", "unhcr@example.org"]] },
    });
    expect(res.data.tableRange).toBe("Contacts!A1:B2");
    expect(res.data.updates?.updatedRange).toBe("Contacts!A3:B3");
    const read = await client.values.get({ range: "Contacts" });
    expect(read.data.values?.[2]).toEqual(["UNHCR", "unhcr@example.org"]);
  });

  test("batchClear empties the ranges and trailing empty rows disappear", async () => {
    const client = onSpreadsheet(h.emulator);
    const res = await client.spreadsheets.values.batchClear({
      spreadsheetId: h.emulator.spreadsheetId,
      requestBody: { ranges: ["Meetings!A3:Z4"] },
    });
    expect(res.data.clearedRanges).toEqual(["Meetings!A3:Z4"]);
    const read = await client.values.get({ range: "Meetings" });
    expect(read.data.values).toHaveLength(2);
  });

  test("writing past the end of a bounded range is refused", async () => {
    const client = onSpreadsheet(h.emulator);
    const err = await failure(client.write("Meetings!A2:A2", [["x", "y"]]));
    expect(err.status).toBe(400);
    expect(err.message).toContain("Requested writing within range");
  });

  test("a token with the read-only scope cannot write", async () => {
    const client = onSpreadsheet(h.emulator, h.emulator.serviceAccountKey, [
      "https://www.googleapis.com/auth/spreadsheets.readonly",
    ]);
    const err = await failure(client.write("Meetings!A2", [["x"]]));
    expect(err.status).toBe(403);
    expect(err.data).toMatchObject({ error: { code: 403, status: "PERMISSION_DENIED" } });
  });
});

describe("errors", () => {
  test("an unknown tab is 400 Unable to parse range", async () => {
    const client = onSpreadsheet(h.emulator);
    const err = await failure(client.values.get({ range: "Nope!A1:B2" }));
    expect(err.status).toBe(400);
    expect(err.data).toEqual({
      error: {
        code: 400,
        message: "Unable to parse range: Nope!A1:B2",
        status: "INVALID_ARGUMENT",
      },
    });
  });

  test("an unknown spreadsheet is 404 NOT_FOUND", async () => {
    const client = onSpreadsheet(h.emulator);
    const err = await failure(client.spreadsheets.get({ spreadsheetId: "no-such-sheet" }));
    expect(err.status).toBe(404);
    expect(err.data).toMatchObject({ error: { status: "NOT_FOUND" } });
  });

  test("a request without a token is 401 UNAUTHENTICATED", async () => {
    const res = await fetch(
      `${h.emulator.url}/v4/spreadsheets/${h.emulator.spreadsheetId}/values/Meetings`,
    );
    expect(res.status).toBe(401);
    const body = (await res.json()) as {
      error: { code: number; status: string; details: unknown[] };
    };
    expect(body.error.status).toBe("UNAUTHENTICATED");
    expect(body.error.details).toContainEqual(
      expect.objectContaining({ reason: "CREDENTIALS_MISSING" }),
    );
  });

  test("an assertion signed by another key is 400 invalid_grant at /token", async () => {
    const client = onSpreadsheet(h.emulator, h.emulator.untrustedKey());
    const err = await failure(client.values.get({ range: "Meetings" }));
    expect(err.status).toBe(400);
    expect(err.data).toEqual({
      error: "invalid_grant",
      error_description: "Invalid JWT Signature.",
    });
  });

  test("an expired access token is 401 and the official client gets a new one", async () => {
    h.emulator.setTokenTtl(1);
    const auth = jwtFor(h.emulator.serviceAccountKey, h.emulator.tokenUrl);
    const { token } = await auth.getAccessToken();
    // The emulator's clock, not the wall clock: the token dies without a real second passing.
    h.emulator.advanceClock(2);
    const stale = await fetch(`${h.emulator.url}/v4/spreadsheets/${h.emulator.spreadsheetId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({
      error: { status: "UNAUTHENTICATED", details: [{ reason: "ACCESS_TOKEN_EXPIRED" }] },
    });
    const client = onSpreadsheet(h.emulator);
    const res = await client.get();
    expect(res.status).toBe(200);
  });

  test("the token endpoint accepts Google's own audience", async () => {
    const auth = jwtFor(h.emulator.serviceAccountKey, h.emulator.tokenUrl);
    const { token } = await auth.getAccessToken();
    expect(token).toMatch(/^ya29\./);
    expect(GOOGLE_TOKEN_URL).toBe("https://oauth2.googleapis.com/token");
  });
});
