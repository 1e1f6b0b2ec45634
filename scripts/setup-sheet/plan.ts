// What the setup tool must change to make a spreadsheet Liqaa's template: a
// pure comparison of the spreadsheet as it is (tabs, header rows, notes,
// dropdowns, protections) with the contract in src/sheet/contract.ts, giving
// the spreadsheets.batchUpdate requests still needed and a line per change.
// A spreadsheet already up to date gives no requests, so a second run changes
// nothing. Columns and tabs staff added are left alone; headers are matched in
// either language, in any order; missing columns go after the last header.
import type { sheets_v4 } from "@googleapis/sheets";
import {
  type Choice,
  CONTACT_COLUMNS,
  type ColumnDef,
  MEETING_COLUMNS,
  normalizeHeader,
  RESPONSES_COLUMNS,
  SETTINGS_COLUMNS,
  SETTINGS_KEYS,
  SYNC_LOG_COLUMNS,
  TABS,
  type TabKey,
} from "../../src/sheet/contract.ts";
import type { Lang } from "../../src/sheet/types.ts";

type Request = sheets_v4.Schema$Request;
type CellData = sheets_v4.Schema$CellData;

interface TabDef {
  key: TabKey;
  columns: readonly ColumnDef[];
  /** Whole tab written by Liqaa only: protected with a warning. */
  liqaaOwned: boolean;
}

export const TAB_DEFS: readonly TabDef[] = [
  { key: "meetings", columns: MEETING_COLUMNS, liqaaOwned: false },
  { key: "contacts", columns: CONTACT_COLUMNS, liqaaOwned: false },
  { key: "settings", columns: SETTINGS_COLUMNS, liqaaOwned: false },
  { key: "responses", columns: RESPONSES_COLUMNS, liqaaOwned: true },
  { key: "syncLog", columns: SYNC_LOG_COLUMNS, liqaaOwned: true },
];

/** The header cell's note: what the column is for, in both languages. */
export function headerNote(column: { en: string; ar: string; note: { en: string; ar: string } }) {
  return `${column.ar}: ${column.note.ar}\n\n${column.en}: ${column.note.en}`;
}

/** The dropdown rule for a column of choices: the sheet's language first; other words still allowed. */
export function choiceRule(
  choices: readonly Choice[],
  lang: Lang,
): sheets_v4.Schema$DataValidationRule {
  return {
    condition: {
      type: "ONE_OF_LIST",
      values: choices.map((c) => ({ userEnteredValue: lang === "ar" ? c.ar : c.en })),
    },
    // The parser accepts either language, so a word from the other list must not be refused.
    strict: false,
    showCustomUi: true,
  };
}

export const protectionDescription = (what: string) => `Liqaa: ${what}`;

export interface Plan {
  requests: Request[];
  changes: string[];
}

function cellText(cell: CellData | undefined): string {
  return cell?.formattedValue ?? cell?.userEnteredValue?.stringValue ?? "";
}

function sameRule(
  a: sheets_v4.Schema$DataValidationRule | undefined,
  b: sheets_v4.Schema$DataValidationRule,
) {
  if (!a) return false;
  const words = (r: sheets_v4.Schema$DataValidationRule) =>
    (r.condition?.values ?? []).map((v) => v.userEnteredValue ?? "").join("\n");
  return (
    a.condition?.type === b.condition?.type &&
    words(a) === words(b) &&
    (a.strict ?? false) === (b.strict ?? false) &&
    (a.showCustomUi ?? false) === (b.showCustomUi ?? false)
  );
}

const matches = (text: string, names: { en: string; ar: string }) => {
  const n = normalizeHeader(text);
  return n !== "" && (n === normalizeHeader(names.en) || n === normalizeHeader(names.ar));
};

/**
 * Compares `spreadsheet` (from spreadsheets.get with includeGridData, each tab's
 * data holding at least its first two rows, and the Settings tab's key column)
 * with the template for `lang`, the language of headers written new.
 */
export function planTemplate(spreadsheet: sheets_v4.Schema$Spreadsheet, lang: Lang): Plan {
  const requests: Request[] = [];
  const changes: string[] = [];
  const sheets = spreadsheet.sheets ?? [];
  const usedIds = new Set(sheets.map((s) => s.properties?.sheetId ?? 0));
  let nextId = 100;
  const freshId = () => {
    while (usedIds.has(nextId)) nextId++;
    usedIds.add(nextId);
    return nextId;
  };
  const rtl = lang === "ar";
  const allProtections = sheets.flatMap((s) => s.protectedRanges ?? []);

  TAB_DEFS.forEach((def, tabIndex) => {
    const names = TABS[def.key];
    const existing = sheets.find((s) => matches(s.properties?.title ?? "", names));
    let sheetId: number;
    let title: string;
    let rows: sheets_v4.Schema$RowData[] = [];
    if (!existing) {
      sheetId = freshId();
      title = names[lang];
      requests.push({
        addSheet: {
          properties: {
            sheetId,
            title,
            index: tabIndex,
            gridProperties: { frozenRowCount: 1 },
            rightToLeft: rtl,
          },
        },
      });
      changes.push(`add tab "${title}"`);
    } else {
      const props = existing.properties ?? {};
      sheetId = props.sheetId ?? 0;
      title = props.title ?? "";
      rows = existing.data?.[0]?.rowData ?? [];
      if ((props.gridProperties?.frozenRowCount ?? 0) !== 1) {
        requests.push({
          updateSheetProperties: {
            properties: { sheetId, gridProperties: { frozenRowCount: 1 } },
            fields: "gridProperties.frozenRowCount",
          },
        });
        changes.push(`"${title}": freeze the header row`);
      }
      if ((props.rightToLeft ?? false) !== rtl) {
        requests.push({
          updateSheetProperties: {
            properties: { sheetId, rightToLeft: rtl },
            fields: "rightToLeft",
          },
        });
        changes.push(`"${title}": ${rtl ? "right to left" : "left to right"}`);
      }
    }

    // Headers: find each column by either name; add the missing ones after the last header.
    const header = rows[0]?.values ?? [];
    let nextColumn = header.reduce((last, cell, i) => (cellText(cell) !== "" ? i + 1 : last), 0);
    for (const column of def.columns) {
      let index = header.findIndex((cell) => matches(cellText(cell), column));
      const note = headerNote(column);
      if (index === -1) {
        index = nextColumn++;
        requests.push({
          updateCells: {
            start: { sheetId, rowIndex: 0, columnIndex: index },
            rows: [{ values: [{ userEnteredValue: { stringValue: column[lang] }, note }] }],
            fields: "userEnteredValue,note",
          },
        });
        changes.push(`"${title}": add column "${column[lang]}"`);
      } else if ((header[index]?.note ?? "") !== note) {
        requests.push({
          updateCells: {
            start: { sheetId, rowIndex: 0, columnIndex: index },
            rows: [{ values: [{ note }] }],
            fields: "note",
          },
        });
        changes.push(`"${title}": note on "${cellText(header[index])}"`);
      }
      if (column.choices) {
        const rule = choiceRule(column.choices, lang);
        const current = rows[1]?.values?.[index]?.dataValidation ?? undefined;
        if (!sameRule(current, rule)) {
          requests.push({
            setDataValidation: {
              range: {
                sheetId,
                startRowIndex: 1,
                startColumnIndex: index,
                endColumnIndex: index + 1,
              },
              rule,
            },
          });
          changes.push(`"${title}": dropdown for "${column[lang]}"`);
        }
      }
      if (column.owner === "liqaa" && !def.liqaaOwned) {
        const range = { sheetId, startColumnIndex: index, endColumnIndex: index + 1 };
        protect(protectionDescription(`${column.en} / ${column.ar}`), range, title);
      }
    }
    if (def.liqaaOwned)
      protect(protectionDescription(`${names.en} / ${names.ar}`), { sheetId }, title);
    if (def.key === "settings") settingsRows(rows, sheetId, title);
  });

  function protect(description: string, range: sheets_v4.Schema$GridRange, title: string) {
    const found = allProtections.find((p) => p.description === description);
    const want = {
      sheetId: range.sheetId ?? 0,
      startColumnIndex: range.startColumnIndex,
      endColumnIndex: range.endColumnIndex,
    };
    if (!found) {
      requests.push({
        addProtectedRange: { protectedRange: { range, description, warningOnly: true } },
      });
      changes.push(`"${title}": protect ${description.replace(/^Liqaa: /, "")} with a warning`);
      return;
    }
    const r = found.range ?? {};
    const same =
      (r.sheetId ?? 0) === want.sheetId &&
      r.startColumnIndex === want.startColumnIndex &&
      r.endColumnIndex === want.endColumnIndex &&
      r.startRowIndex == null &&
      r.endRowIndex == null &&
      found.warningOnly === true;
    if (!same) {
      requests.push({
        updateProtectedRange: {
          protectedRange: { protectedRangeId: found.protectedRangeId, range, warningOnly: true },
          fields: "range,warningOnly",
        },
      });
      changes.push(`"${title}": move the protection of ${description.replace(/^Liqaa: /, "")}`);
    }
  }

  /** One row per setting, with its default value and a note, for the settings not yet listed. */
  function settingsRows(rows: sheets_v4.Schema$RowData[], sheetId: number, title: string) {
    const header = rows[0]?.values ?? [];
    const keyColumn = Math.max(
      0,
      header.findIndex((cell) => matches(cellText(cell), SETTINGS_COLUMNS[0]!)),
    );
    const listed = rows.slice(1).map((row) => cellText(row.values?.[keyColumn]));
    let lastRow = rows.reduce(
      (last, row, i) => ((row.values ?? []).some((cell) => cellText(cell) !== "") ? i + 1 : last),
      1,
    );
    for (const setting of SETTINGS_KEYS) {
      const note = headerNote(setting);
      const at = listed.findIndex((text) => matches(text, setting));
      if (at === -1) {
        requests.push({
          updateCells: {
            start: { sheetId, rowIndex: lastRow++, columnIndex: keyColumn },
            rows: [
              {
                values: [
                  { userEnteredValue: { stringValue: setting[lang] }, note },
                  { userEnteredValue: { stringValue: setting.default ?? "" } },
                ],
              },
            ],
            fields: "userEnteredValue,note",
          },
        });
        changes.push(`"${title}": add setting "${setting[lang]}"`);
      } else if ((rows[at + 1]?.values?.[keyColumn]?.note ?? "") !== note) {
        requests.push({
          updateCells: {
            start: { sheetId, rowIndex: at + 1, columnIndex: keyColumn },
            rows: [{ values: [{ note }] }],
            fields: "note",
          },
        });
        changes.push(`"${title}": note on setting "${listed[at]}"`);
      }
    }
  }

  return { requests, changes };
}
