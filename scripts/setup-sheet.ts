// `npm run setup-sheet -- --key <service-account.json> [--sheet <id>] [--api <url>] [--lang ar|en]`:
// creates Liqaa's spreadsheet (no --sheet) or brings an existing one up to date:
// the tabs with their headers, frozen header rows, right-to-left tabs,
// dropdowns, a bilingual note on each header, and Liqaa-owned columns and tabs
// protected with a warning. Idempotent: it reads the spreadsheet first and
// sends only what is missing, so a second run reports "no changes". Works
// against Google, or the local emulator with --api (see the README).
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { sheets, type sheets_v4 } from "@googleapis/sheets";
import { JWT } from "google-auth-library";
import { DEFAULT_TIMEZONE, normalizeHeader, TABS } from "../src/sheet/contract.ts";
import type { Lang } from "../src/sheet/types.ts";
import { planTemplate, TAB_DEFS } from "./setup-sheet/plan.ts";
import { quoteTitle } from "./sheets-emulator/a1.ts";

const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const SCOPE = "https://www.googleapis.com/auth/spreadsheets";

export interface SetupOptions {
  keyFile: string;
  spreadsheetId?: string;
  /** Sheets API root; Google's by default. */
  api?: string;
  lang: Lang;
  log?: (line: string) => void;
}

export interface SetupResult {
  spreadsheetId: string;
  created: boolean;
  changes: string[];
  serviceAccountEmail: string;
}

interface KeyJson {
  client_email: string;
  private_key: string;
  token_uri?: string;
}

/** A Sheets client signed in with the key; token requests go to the key's token_uri. */
export function sheetsClient(key: KeyJson, api: string | undefined): sheets_v4.Sheets {
  const auth = new JWT({ email: key.client_email, key: key.private_key, scopes: [SCOPE] });
  const tokenUri = key.token_uri;
  if (tokenUri && tokenUri !== GOOGLE_TOKEN_URL) {
    // google-auth-library always posts to Google's token URL; an emulator's key names its own.
    auth.transporter.interceptors.request.add({
      resolved: async (options) => {
        if (String(options.url).startsWith(GOOGLE_TOKEN_URL)) options.url = new URL(tokenUri);
        return options;
      },
    });
  }
  return sheets({
    version: "v4",
    auth,
    ...(api ? { rootUrl: api.endsWith("/") ? api : `${api}/` } : {}),
  });
}

/** Reads what the plan compares: every tab's properties, first two rows, and all of Settings. */
async function readState(client: sheets_v4.Sheets, spreadsheetId: string) {
  const meta = (await client.spreadsheets.get({ spreadsheetId })).data;
  const ranges: string[] = [];
  for (const sheet of meta.sheets ?? []) {
    const title = sheet.properties?.title ?? "";
    const isSettings = [TABS.settings.en, TABS.settings.ar].some(
      (name) => normalizeHeader(name) === normalizeHeader(title),
    );
    const known = TAB_DEFS.some((d) =>
      [TABS[d.key].en, TABS[d.key].ar].some((n) => normalizeHeader(n) === normalizeHeader(title)),
    );
    if (known) ranges.push(`${quoteTitle(title)}!${isSettings ? "A1:Z200" : "1:2"}`);
  }
  if (ranges.length === 0) return meta;
  const withData = (await client.spreadsheets.get({ spreadsheetId, ranges, includeGridData: true }))
    .data;
  const data = new Map((withData.sheets ?? []).map((s) => [s.properties?.sheetId, s.data]));
  return {
    ...meta,
    sheets: (meta.sheets ?? []).map((s) => ({ ...s, data: data.get(s.properties?.sheetId) })),
  };
}

export async function setupSheet(options: SetupOptions): Promise<SetupResult> {
  const log = options.log ?? (() => {});
  const key = JSON.parse(await readFile(options.keyFile, "utf8")) as KeyJson;
  const client = sheetsClient(key, options.api);
  let spreadsheetId = options.spreadsheetId;
  let created = false;
  if (!spreadsheetId) {
    const res = await client.spreadsheets.create({
      requestBody: {
        properties: { title: "لقاء — Liqaa", locale: options.lang, timeZone: DEFAULT_TIMEZONE },
        sheets: [{ properties: { title: TABS.meetings[options.lang] } }],
      },
    });
    spreadsheetId = res.data.spreadsheetId ?? "";
    created = true;
    log(`created spreadsheet ${spreadsheetId}`);
  }
  const state = await readState(client, spreadsheetId);
  const plan = planTemplate(state, options.lang);
  if (plan.requests.length > 0) {
    await client.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: plan.requests },
    });
  }
  for (const change of plan.changes) log(`- ${change}`);
  return { spreadsheetId, created, changes: plan.changes, serviceAccountEmail: key.client_email };
}

async function main() {
  const { values } = parseArgs({
    options: {
      key: { type: "string" },
      sheet: { type: "string" },
      api: { type: "string" },
      lang: { type: "string", default: "ar" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || !values.key || (values.lang !== "ar" && values.lang !== "en")) {
    console.log(
      "usage: npm run setup-sheet -- --key <service-account.json> [--sheet <spreadsheet id>] [--api <Sheets API URL>] [--lang ar|en]\n" +
        "  without --sheet a new spreadsheet is created; with --api (e.g. http://127.0.0.1:9100) it talks to the local emulator.",
    );
    process.exit(values.help ? 0 : 2);
  }
  const result = await setupSheet({
    keyFile: values.key,
    lang: values.lang,
    log: (line) => console.log(line),
    ...(values.sheet ? { spreadsheetId: values.sheet } : {}),
    ...(values.api ? { api: values.api } : {}),
  });
  if (result.changes.length === 0) console.log("no changes: the spreadsheet is up to date");
  else console.log(`${result.changes.length} changes made`);
  console.log(`spreadsheet id: ${result.spreadsheetId}`);
  console.log(`Share the spreadsheet with ${result.serviceAccountEmail} as an editor.`);
}

if (import.meta.main) {
  main().catch((e: unknown) => {
    console.error(`setup-sheet failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
