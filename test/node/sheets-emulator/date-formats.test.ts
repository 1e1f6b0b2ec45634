// Conformance for Liqaa's read (values:batchGet with UNFORMATTED_VALUE and
// dateTimeRenderOption SERIAL_NUMBER) through Google's official client, and
// the emulator's display formats: a date cell keeps its serial number whatever
// its column's format, and FORMATTED_VALUE shows it as the format says.
import { expect, test } from "vitest";
import { harnessPerTest, onSpreadsheet } from "./fixture.ts";

const h = harnessPerTest("date-formats");

const control = (path: string, body: unknown) =>
  fetch(`${h.emulator.url}/__control/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const batchGet = (valueRenderOption: string, dateTimeRenderOption?: string) =>
  onSpreadsheet(h.emulator)
    .spreadsheets.values.batchGet({
      spreadsheetId: h.emulator.spreadsheetId,
      ranges: ["Meetings!A2:F3"],
      valueRenderOption,
      ...(dateTimeRenderOption ? { dateTimeRenderOption } : {}),
    })
    .then((res) => res.data.valueRanges?.[0]?.values);

test("batchGet with UNFORMATTED_VALUE and SERIAL_NUMBER: serial dates and times, numbers, booleans, text", async () => {
  expect(await batchGet("UNFORMATTED_VALUE", "SERIAL_NUMBER")).toEqual([
    ["m-1", "مشاورات مع أوتشا", 43601, 10 / 24, true, 12],
    ["", "ورشة عمل", 43601],
  ]);
});

test("a column re-formatted keeps its serials and shows the new format", async () => {
  const set = await control("number-format", {
    tab: "Meetings",
    column: "C",
    pattern: "d mmmm yyyy",
  });
  expect(set.status).toBe(200);
  expect(await batchGet("FORMATTED_VALUE")).toEqual([
    ["m-1", "مشاورات مع أوتشا", "16 May 2019", "10:00", "TRUE", "12"],
    ["", "ورشة عمل", "16 May 2019"],
  ]);
  expect(await batchGet("UNFORMATTED_VALUE", "SERIAL_NUMBER")).toEqual([
    ["m-1", "مشاورات مع أوتشا", 43601, 10 / 24, true, 12],
    ["", "ورشة عمل", 43601],
  ]);
  // FORMATTED_STRING gives a date cell in its display format, as Google documents.
  expect((await batchGet("UNFORMATTED_VALUE", "FORMATTED_STRING"))?.[0]?.[2]).toBe("16 May 2019");
});

test.each([
  ["dddd, mmmm d, yyyy", "en_US", "Thursday, May 16, 2019"],
  ["ddd d mmm yyyy", "en_GB", "Thu 16 May 2019"],
  ["yyyy-mm-dd", "en_US", "2019-05-16"],
  ["dd/mm/yyyy", "en_GB", "16/05/2019"],
  ["d mmmm yyyy", "ar_SY", "١٦ أيار ٢٠١٩"],
  ["dddd، d mmmm yyyy", "ar_EG", "الخميس، ١٦ مايو ٢٠١٩"],
])("the pattern %j in %s shows %j", async (pattern, locale, shown) => {
  await control("number-format", { tab: "Meetings", column: "C", pattern, locale });
  expect((await batchGet("FORMATTED_VALUE"))?.[0]?.[2]).toBe(shown);
});

test("a time column's format: minutes after the hour, AM/PM", async () => {
  await control("number-format", { tab: "Meetings", column: "D", pattern: "h:mm AM/PM" });
  expect((await batchGet("FORMATTED_VALUE"))?.[0]?.[3]).toBe("10:00 AM");
  await control("number-format", { tab: "Meetings", column: "D", pattern: "hh:mm:ss" });
  expect((await batchGet("FORMATTED_VALUE"))?.[0]?.[3]).toBe("10:00:00");
});

test("a null pattern puts the column back; text and the header row are never re-formatted", async () => {
  await control("number-format", { tab: "Meetings", column: "C", pattern: "d mmmm yyyy" });
  const client = onSpreadsheet(h.emulator);
  const whole = await client.values.get({ range: "Meetings!C1:C4" });
  expect(whole.data.values).toEqual([
    ["Date"],
    ["16 May 2019"],
    ["16 May 2019"],
    ["2019/11/18-19"],
  ]);
  const grid = await client.get({ ranges: ["Meetings!C2"], includeGridData: true });
  expect(grid.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0]?.formattedValue).toBe(
    "16 May 2019",
  );
  await control("number-format", { tab: "Meetings", column: "C", pattern: null });
  expect((await client.values.get({ range: "Meetings!C2" })).data.values).toEqual([["2019-05-16"]]);
});

test("a number written as Sheets would not show it (007, 1.50) is text, read the same in every render option", async () => {
  const client = onSpreadsheet(h.emulator);
  await client.write("Meetings!G2:I2", [["007", "1.50", "2027"]], "USER_ENTERED");
  for (const valueRenderOption of ["FORMATTED_VALUE", "UNFORMATTED_VALUE"]) {
    const res = await client.values.get({ range: "Meetings!G2:I2", valueRenderOption });
    expect(res.data.values?.[0]?.slice(0, 2), valueRenderOption).toEqual(["007", "1.50"]);
  }
  const unformatted = await client.values.get({
    range: "Meetings!I2",
    valueRenderOption: "UNFORMATTED_VALUE",
  });
  expect(unformatted.data.values).toEqual([[2027]]);
});

test("the control refuses an unknown tab or a column that is not a letter", async () => {
  expect((await control("number-format", { tab: "Nope", column: "C", pattern: "d" })).status).toBe(
    404,
  );
  expect(
    (await control("number-format", { tab: "Meetings", column: "3", pattern: "d" })).status,
  ).toBe(400);
});
