// A local Google Sheets API v4 emulator: a real HTTP server on 127.0.0.1 that
// Liqaa (and Google's own Node client) talk to instead of Google, in tests and
// in the local run. It signs clients in like Google's token endpoint (RS256
// JWT-bearer, checked against a generated service-account key), serves one
// spreadsheet from a folder of CSV files (one per tab), writes back into them,
// answers with Google's error JSON, and can be told to fail (429/500/503, hangs,
// a per-minute read quota) or to move its clock through methods or the
// /__control endpoints, which tests running inside workerd use. Spreadsheets
// created through the API live in memory only.
import { createPrivateKey, randomBytes } from "node:crypto";
import { mkdir, mkdtemp } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { columnIndex } from "./a1.ts";
import type { CallCounts, SheetsEmulator } from "./api.ts";
import { GOOGLE_TOKEN_URL, generateServiceAccountKey, loadOrCreateKey } from "./auth.ts";
import { EmulatorClock } from "./clock.ts";
import { handleControl } from "./control.ts";
import { answerFault, FaultQueue, quotaError, READ_METHODS, ReadQuota } from "./faults.ts";
import { parseJson, readBody, send, sendError } from "./http.ts";
import { spreadsheetResource } from "./resources.ts";
import { route, runMethod } from "./routes.ts";
import { createSignIn } from "./sign-in.ts";
import { ApiError, findSheet, type Json, type SpreadsheetState } from "./state.ts";
import { FolderStore } from "./store.ts";
import { addSheet } from "./tabs.ts";

export type { CallCounts, SheetsEmulator } from "./api.ts";
export type { ServiceAccountKey } from "./auth.ts";
export type { Fault } from "./faults.ts";

export interface EmulatorOptions {
  /** Folder of CSV files, one per tab (see scripts/lib/csv-folder.ts); created when missing. */
  dataDir: string;
  /** 0 = any free port (the default here; the CLI's default is 9100). */
  port?: number;
  host?: string;
  spreadsheetId?: string;
  /** Where the trusted service-account key is kept; reused when it already holds a key. Default: a temp dir. */
  keyFile?: string;
  /** Sidecar JSON for what CSV cannot hold (frozen rows, notes, validation, protection). Default: memory only. */
  metaFile?: string;
  /** Re-read a tab when its file changes (checked on every request). Default true. */
  watch?: boolean;
  /** Google's per-minute read quota, off unless set (Google's default is 300 per minute per project). */
  readQuotaPerMinute?: number;
  /** Lifetime of issued access tokens; Google's is 3599 s. */
  tokenTtlSeconds?: number;
}

const DEFAULT_TTL = 3599;

export async function startSheetsEmulator(options: EmulatorOptions): Promise<SheetsEmulator> {
  const host = options.host ?? "127.0.0.1";
  const primaryId = options.spreadsheetId ?? "liqaa-local";
  const watch = options.watch ?? true;
  await mkdir(options.dataDir, { recursive: true });
  const store = new FolderStore(options.dataDir, options.metaFile);
  let primary = await store.load(primaryId);
  const created = new Map<string, SpreadsheetState>();

  const clock = new EmulatorClock();
  const faults = new FaultQueue();
  const quota = new ReadQuota(options.readQuotaPerMinute ?? null);
  let counts: CallCounts = { reads: 0, writes: 0, tokens: 0, byMethod: {} };
  let tokenTtl = options.tokenTtlSeconds ?? DEFAULT_TTL;
  // One request at a time touches the spreadsheet, so writes and file reloads never interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const count = (method: string) => {
    counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    if (method === "oauth2.token") counts.tokens++;
    else if (READ_METHODS.has(method)) counts.reads++;
    else counts.writes++;
  };

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  const tokenUrl = `${url}/token`;
  const keyFile =
    options.keyFile ??
    join(await mkdtemp(join(tmpdir(), "sheets-emulator-")), "service-account.json");
  const serviceAccountKey = await loadOrCreateKey(keyFile, tokenUrl);
  const signIn = createSignIn({
    trusted: {
      key: createPrivateKey(serviceAccountKey.private_key),
      email: serviceAccountKey.client_email,
      keyId: serviceAccountKey.private_key_id,
    },
    audiences: [GOOGLE_TOKEN_URL, "https://www.googleapis.com/oauth2/v4/token", tokenUrl],
    clock,
    faults,
    tokenTtl: () => tokenTtl,
    count,
  });

  async function handleApi(req: IncomingMessage, res: ServerResponse, u: URL) {
    const verb = req.method ?? "GET";
    const target = route(verb, u.pathname);
    if (!target) {
      sendError(res, new ApiError(404, "NOT_FOUND", `Method not found: ${verb} ${u.pathname}`));
      return;
    }
    const { method } = target;
    count(method);
    const fault = faults.take("api");
    if (fault && (await answerFault(res, fault, method))) return;
    const shortName = method
      .replace(/^spreadsheets\./, "")
      .replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());
    const write = !READ_METHODS.has(method);
    const denied = signIn.authenticate(req, u.searchParams, shortName, write);
    if (denied) {
      sendError(res, denied.error, denied.headers);
      return;
    }
    if (!write && quota.over(clock.now())) {
      sendError(res, quotaError(method));
      return;
    }
    const body = verb === "GET" ? {} : parseJson(await readBody(req));
    await serialized(async () => {
      if (target.id === null) {
        send(res, 200, createSpreadsheet(body));
        return;
      }
      const isPrimary = target.id === primaryId;
      if (isPrimary && watch) await store.refresh(primary);
      const state = isPrimary ? primary : created.get(target.id);
      if (!state) throw new ApiError(404, "NOT_FOUND", "Requested entity was not found.");
      const { reply, next } = runMethod(url, method, state, u.searchParams, body, target.range);
      if (next) {
        if (isPrimary) {
          primary = next;
          await store.save(primary);
        } else created.set(target.id, next);
      }
      send(res, 200, reply);
    });
  }

  function createSpreadsheet(body: Json): Json {
    const props = (body.properties ?? {}) as Json;
    const state: SpreadsheetState = {
      spreadsheetId: `local-${randomBytes(12).toString("base64url")}`,
      title: typeof props.title === "string" ? props.title : "Untitled spreadsheet",
      locale: typeof props.locale === "string" ? props.locale : "en_US",
      timeZone: typeof props.timeZone === "string" ? props.timeZone : "Etc/GMT",
      sheets: [],
      nextProtectedRangeId: 1_000_001,
    };
    const sheets = Array.isArray(body.sheets)
      ? (body.sheets as Json[])
      : [{ properties: { title: "Sheet1" } }];
    sheets.forEach((s, i) => {
      addSheet(state, (s.properties ?? {}) as Json, `spreadsheet.sheets[${i}]`);
    });
    created.set(state.spreadsheetId, state);
    return spreadsheetResource(state, { baseUrl: url });
  }

  const controlView = {
    pendingFaults: () => faults.pending(),
    tokenTtl: () => tokenTtl,
    readQuota: () => quota.perMinute,
    nowMs: () => clock.now(),
  };

  server.on("request", (req, res) => {
    const u = new URL(req.url ?? "/", url);
    const work = u.pathname.startsWith("/__control/")
      ? handleControl(req, res, u, api, controlView)
      : u.pathname === "/token" && req.method === "POST"
        ? signIn.handleToken(req, res)
        : u.pathname.startsWith("/v4/")
          ? handleApi(req, res, u)
          : Promise.reject(new ApiError(404, "NOT_FOUND", `Not found: ${u.pathname}`));
    work.catch((e: unknown) => {
      if (res.headersSent) return;
      if (e instanceof ApiError) sendError(res, e);
      else
        sendError(res, new ApiError(500, "INTERNAL", `Internal error encountered. (${String(e)})`));
    });
  });

  const api: SheetsEmulator = {
    url,
    tokenUrl,
    spreadsheetId: primaryId,
    serviceAccountKey,
    keyFile,
    calls: () => structuredClone(counts),
    injectFaults: (f) => faults.inject(f),
    reset() {
      faults.clear();
      counts = { reads: 0, writes: 0, tokens: 0, byMethod: {} };
      tokenTtl = options.tokenTtlSeconds ?? DEFAULT_TTL;
      quota.set(options.readQuotaPerMinute ?? null);
      clock.reset();
    },
    untrustedKey: () => generateServiceAccountKey(tokenUrl, serviceAccountKey.client_email),
    setTokenTtl(seconds) {
      if (!(seconds > 0)) throw new Error("a token lifetime must be a positive number of seconds");
      tokenTtl = seconds;
    },
    setReadQuota: (perMinute) => quota.set(perMinute),
    setNumberFormat: (tab, column, format, spreadsheetId = primaryId) =>
      serialized(async () => {
        const isPrimary = spreadsheetId === primaryId;
        if (isPrimary && watch) await store.refresh(primary);
        const state = isPrimary ? primary : created.get(spreadsheetId);
        if (!state) throw new ApiError(404, "NOT_FOUND", "Requested entity was not found.");
        const sheet = findSheet(state, tab);
        if (!sheet) throw new ApiError(404, "NOT_FOUND", `No tab ${tab}`);
        if (!/^[A-Za-z]{1,3}$/.test(column)) {
          throw new ApiError(400, "INVALID_ARGUMENT", `Not a column letter: ${column}`);
        }
        const formats = { ...sheet.numberFormats };
        if (format) formats[String(columnIndex(column))] = format;
        else delete formats[String(columnIndex(column))];
        sheet.numberFormats = formats;
        // The display format lives in the sidecar, as Google keeps it beside the value.
        if (isPrimary) await store.save(primary);
      }),
    advanceClock: (seconds) => clock.advance(seconds),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
  return api;
}
