// A local Google Sheets API v4 emulator: a real HTTP server on 127.0.0.1 that
// Liqaa (and Google's own Node client) talk to instead of Google, in tests and
// in the local run. It signs clients in like Google's token endpoint (RS256
// JWT-bearer, checked against a generated service-account key), serves one
// spreadsheet from a folder of CSV files (one per tab), writes back into them,
// answers with Google's error JSON, and can be told to fail (429/500/503, hangs,
// a per-minute read quota) through methods or the /__control endpoints, which
// tests running inside workerd use. Spreadsheets created through the API live in
// memory only.
import { createPrivateKey, randomBytes } from "node:crypto";
import { mkdir, mkdtemp } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  checkAssertion,
  GOOGLE_TOKEN_URL,
  generateServiceAccountKey,
  loadOrCreateKey,
  type ServiceAccountKey,
  TokenStore,
} from "./auth.ts";
import type { DateTimeRenderOption, ValueRenderOption } from "./cells.ts";
import {
  ApiError,
  addSheet,
  appendValues,
  batchUpdate,
  clearValues,
  type InputOption,
  type Json,
  type MajorDimension,
  type ReadOptions,
  readValues,
  type SpreadsheetState,
  spreadsheetResource,
  type UpdateResult,
  updateValues,
} from "./model.ts";
import { FolderStore } from "./store.ts";

export type { ServiceAccountKey } from "./auth.ts";

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

export interface Fault {
  /** 403 answers as Google does for a spreadsheet not shared with the service account. */
  status?: 403 | 429 | 500 | 503;
  hangMs?: number;
  count: number;
  /** Which calls fail: Sheets API calls (the default), token requests, or both. */
  target?: "api" | "token" | "any";
}

export interface CallCounts {
  reads: number;
  writes: number;
  tokens: number;
  byMethod: Record<string, number>;
}

export interface SheetsEmulator {
  url: string;
  tokenUrl: string;
  spreadsheetId: string;
  serviceAccountKey: ServiceAccountKey;
  keyFile: string;
  calls(): CallCounts;
  injectFaults(f: Fault): void;
  reset(): void;
  /** A well-formed key for the same account that the emulator does not trust. */
  untrustedKey(): ServiceAccountKey;
  setTokenTtl(seconds: number): void;
  setReadQuota(perMinute: number | null): void;
  close(): Promise<void>;
}

const DEFAULT_TTL = 3599;
const CREDENTIALS_HELP =
  "Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

const errorInfo = (reason: string, method: string, extra: Json = {}) => ({
  "@type": "type.googleapis.com/google.rpc.ErrorInfo",
  reason,
  domain: "googleapis.com",
  metadata: { service: "sheets.googleapis.com", method, ...extra },
});

function send(res: ServerResponse, status: number, body: unknown, headers: Json = {}) {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    "content-type": "application/json; charset=UTF-8",
    "content-length": Buffer.byteLength(text),
    ...(headers as Record<string, string>),
  });
  res.end(text);
}

function sendError(res: ServerResponse, e: ApiError, headers: Json = {}) {
  const error: Json = { code: e.code, message: e.message, status: e.status };
  if (e.details) error.details = e.details;
  send(res, e.code, { error }, headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): Json {
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // Answered below, as Google does.
  }
  throw new ApiError(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.");
}

function oneOf<T extends string>(
  value: string | null,
  allowed: readonly T[],
  fallback: T,
  field: string,
  type: string,
): T {
  if (value === null || value === "") return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ApiError(
    400,
    "INVALID_ARGUMENT",
    `Invalid value at '${field}' (type.googleapis.com/google.apps.sheets.v4.${type}), "${value}"`,
  );
}

function readOptions(get: (name: string) => string | null): ReadOptions {
  return {
    majorDimension: oneOf<MajorDimension>(
      get("majorDimension"),
      ["ROWS", "COLUMNS"],
      "ROWS",
      "major_dimension",
      "Dimension",
    ),
    valueRenderOption: oneOf<ValueRenderOption>(
      get("valueRenderOption"),
      ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"],
      "FORMATTED_VALUE",
      "value_render_option",
      "ValueRenderOption",
    ),
    dateTimeRenderOption: oneOf<DateTimeRenderOption>(
      get("dateTimeRenderOption"),
      ["SERIAL_NUMBER", "FORMATTED_STRING"],
      "SERIAL_NUMBER",
      "date_time_render_option",
      "DateTimeRenderOption",
    ),
  };
}

function inputOption(value: unknown): InputOption {
  if (value === "RAW" || value === "USER_ENTERED") return value;
  throw new ApiError(
    400,
    "INVALID_ARGUMENT",
    value === undefined || value === null || value === ""
      ? "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED"
      : `Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "${String(value)}"`,
  );
}

const READ_METHODS = new Set([
  "spreadsheets.get",
  "spreadsheets.values.get",
  "spreadsheets.values.batchGet",
]);

export async function startSheetsEmulator(options: EmulatorOptions): Promise<SheetsEmulator> {
  const host = options.host ?? "127.0.0.1";
  const primaryId = options.spreadsheetId ?? "liqaa-local";
  const watch = options.watch ?? true;
  await mkdir(options.dataDir, { recursive: true });
  const store = new FolderStore(options.dataDir, options.metaFile);
  let primary = await store.load(primaryId);
  const created = new Map<string, SpreadsheetState>();
  const tokens = new TokenStore();

  let faults: Fault[] = [];
  let counts: CallCounts = { reads: 0, writes: 0, tokens: 0, byMethod: {} };
  let tokenTtl = options.tokenTtlSeconds ?? DEFAULT_TTL;
  let readQuota: number | null = options.readQuotaPerMinute ?? null;
  let readTimes: number[] = [];
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

  /** Takes the next injected fault that applies to this call, if any. */
  const takeFault = (kind: "api" | "token"): Fault | null => {
    const fault = faults.find((f) => (f.target ?? "api") === kind || f.target === "any");
    if (!fault) return null;
    fault.count--;
    if (fault.count <= 0) faults = faults.filter((f) => f !== fault);
    return fault;
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
  const trusted = {
    key: createPrivateKey(serviceAccountKey.private_key),
    email: serviceAccountKey.client_email,
    keyId: serviceAccountKey.private_key_id,
  };
  const audiences = [GOOGLE_TOKEN_URL, "https://www.googleapis.com/oauth2/v4/token", tokenUrl];

  const faultResponse = async (res: ServerResponse, fault: Fault, method: string) => {
    if (fault.hangMs) await new Promise((r) => setTimeout(r, fault.hangMs));
    if (fault.status === undefined) return false;
    sendError(res, faultError(fault.status, method));
    return true;
  };

  async function handleToken(req: IncomingMessage, res: ServerResponse) {
    count("oauth2.token");
    const fault = takeFault("token");
    if (fault && (await faultResponse(res, fault, "oauth2.token"))) return;
    const text = await readBody(req);
    const form = (req.headers["content-type"] ?? "").includes("json")
      ? new URLSearchParams(Object.entries(parseJson(text)).map(([k, v]) => [k, String(v)]))
      : new URLSearchParams(text);
    const grantType = form.get("grant_type");
    if (grantType !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      send(res, 400, {
        error: "unsupported_grant_type",
        error_description: `Invalid grant_type: ${grantType ?? ""}`,
      });
      return;
    }
    const assertion = form.get("assertion");
    if (!assertion) {
      send(res, 400, {
        error: "invalid_request",
        error_description: "Missing required parameter: assertion",
      });
      return;
    }
    const grant = checkAssertion(assertion, trusted, audiences, Math.floor(Date.now() / 1000));
    if (!grant.ok) {
      send(res, grant.status, { error: grant.error, error_description: grant.description });
      return;
    }
    send(res, 200, {
      access_token: tokens.issue(grant.scopes, tokenTtl, Date.now()),
      expires_in: tokenTtl,
      token_type: "Bearer",
    });
  }

  function authenticate(
    req: IncomingMessage,
    query: URLSearchParams,
    method: string,
    write: boolean,
  ) {
    const header = req.headers.authorization ?? "";
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? query.get("access_token");
    const www = {
      "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
    };
    if (!bearer) {
      return {
        error: new ApiError(
          401,
          "UNAUTHENTICATED",
          `Request is missing required authentication credential. ${CREDENTIALS_HELP}`,
          [errorInfo("CREDENTIALS_MISSING", `google.apps.sheets.v4.SpreadsheetsService.${method}`)],
        ),
        headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/"' },
      };
    }
    const issued = tokens.lookup(bearer);
    if (!issued || issued.expiresAt <= Date.now()) {
      return {
        error: new ApiError(
          401,
          "UNAUTHENTICATED",
          `Request had invalid authentication credentials. ${CREDENTIALS_HELP}`,
          [
            errorInfo(
              issued ? "ACCESS_TOKEN_EXPIRED" : "ACCESS_TOKEN_TYPE_UNSUPPORTED",
              `google.apps.sheets.v4.SpreadsheetsService.${method}`,
            ),
          ],
        ),
        headers: www,
      };
    }
    if (write && !issued.canWrite) {
      return {
        error: new ApiError(
          403,
          "PERMISSION_DENIED",
          "Request had insufficient authentication scopes.",
          [
            errorInfo(
              "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
              `google.apps.sheets.v4.SpreadsheetsService.${method}`,
            ),
          ],
        ),
        headers: {},
      };
    }
    return null;
  }

  function overQuota(now: number) {
    if (readQuota === null) return false;
    readTimes = readTimes.filter((t) => t > now - 60_000);
    if (readTimes.length >= readQuota) return true;
    readTimes.push(now);
    return false;
  }

  /** Names the API method a path and verb ask for, and where the spreadsheet id and range are. */
  function route(verb: string, path: string) {
    const rest = path.slice("/v4/spreadsheets".length);
    if (rest === "" && verb === "POST")
      return { method: "spreadsheets.create", id: null, range: null };
    const m = /^\/([^/:]+)(.*)$/.exec(rest);
    if (!m) return null;
    const id = decodeURIComponent(m[1]!);
    const tail = m[2]!;
    const r = (method: string, range: string | null = null) => ({ method, id, range });
    if (tail === "" && verb === "GET") return r("spreadsheets.get");
    if (tail === ":batchUpdate" && verb === "POST") return r("spreadsheets.batchUpdate");
    if (tail === "/values:batchGet" && verb === "GET") return r("spreadsheets.values.batchGet");
    if (tail === "/values:batchUpdate" && verb === "POST")
      return r("spreadsheets.values.batchUpdate");
    if (tail === "/values:batchClear" && verb === "POST")
      return r("spreadsheets.values.batchClear");
    if (!tail.startsWith("/values/")) return null;
    const raw = tail.slice("/values/".length);
    if (raw.endsWith(":append") && verb === "POST") {
      return r("spreadsheets.values.append", decodeURIComponent(raw.slice(0, -":append".length)));
    }
    if (raw.endsWith(":clear") && verb === "POST") {
      return r("spreadsheets.values.clear", decodeURIComponent(raw.slice(0, -":clear".length)));
    }
    if (verb === "GET") return r("spreadsheets.values.get", decodeURIComponent(raw));
    if (verb === "PUT") return r("spreadsheets.values.update", decodeURIComponent(raw));
    return null;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, u: URL) {
    const verb = req.method ?? "GET";
    const target = route(verb, u.pathname);
    if (!target) {
      sendError(res, new ApiError(404, "NOT_FOUND", `Method not found: ${verb} ${u.pathname}`));
      return;
    }
    const { method } = target;
    count(method);
    const fault = takeFault("api");
    if (fault && (await faultResponse(res, fault, method))) return;
    const shortName = method
      .replace(/^spreadsheets\./, "")
      .replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());
    const write = !READ_METHODS.has(method);
    const denied = authenticate(req, u.searchParams, shortName, write);
    if (denied) {
      sendError(res, denied.error, denied.headers);
      return;
    }
    if (!write && overQuota(Date.now())) {
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
      const { reply, next } = run(method, state, u.searchParams, body, target.range);
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

  /** Runs one API method; `next` is the new state when it wrote anything. */
  function run(
    method: string,
    state: SpreadsheetState,
    query: URLSearchParams,
    body: Json,
    range: string | null,
  ): { reply: unknown; next?: SpreadsheetState } {
    const q = (name: string) => query.get(name);
    switch (method) {
      case "spreadsheets.get":
        return {
          reply: spreadsheetResource(state, {
            baseUrl: url,
            includeGridData: q("includeGridData") === "true",
            ranges: query.getAll("ranges"),
          }),
        };
      case "spreadsheets.values.get":
        return { reply: readValues(state, range!, readOptions(q)) };
      case "spreadsheets.values.batchGet": {
        const opts = readOptions(q);
        return {
          reply: {
            spreadsheetId: state.spreadsheetId,
            valueRanges: query.getAll("ranges").map((r) => readValues(state, r, opts)),
          },
        };
      }
      case "spreadsheets.values.update": {
        const mode = inputOption(q("valueInputOption"));
        const next = structuredClone(state);
        const result: Json & UpdateResult = { ...updateValues(next, range!, body, mode) };
        if (q("includeValuesInResponse") === "true") {
          result.updatedData = readValues(next, result.updatedRange, responseOptions(q));
        }
        return { reply: result, next };
      }
      case "spreadsheets.values.append": {
        const mode = inputOption(q("valueInputOption"));
        const next = structuredClone(state);
        return { reply: appendValues(next, range!, body, mode), next };
      }
      case "spreadsheets.values.clear": {
        const next = structuredClone(state);
        return {
          reply: { spreadsheetId: state.spreadsheetId, clearedRange: clearValues(next, range!) },
          next,
        };
      }
      case "spreadsheets.values.batchClear": {
        const next = structuredClone(state);
        const ranges = Array.isArray(body.ranges) ? (body.ranges as unknown[]).map(String) : [];
        return {
          reply: {
            spreadsheetId: state.spreadsheetId,
            clearedRanges: ranges.map((r) => clearValues(next, r)),
          },
          next,
        };
      }
      case "spreadsheets.values.batchUpdate": {
        const mode = inputOption(body.valueInputOption);
        const next = structuredClone(state);
        const data = Array.isArray(body.data) ? (body.data as Json[]) : [];
        const responses = data.map((d) => updateValues(next, String(d.range ?? ""), d, mode));
        const sheets = new Set(responses.map((r) => r.updatedRange.replace(/![^!]*$/, "")));
        return {
          reply: {
            spreadsheetId: state.spreadsheetId,
            totalUpdatedRows: responses.reduce((n, r) => n + r.updatedRows, 0),
            totalUpdatedColumns: responses.reduce((n, r) => n + r.updatedColumns, 0),
            totalUpdatedCells: responses.reduce((n, r) => n + r.updatedCells, 0),
            totalUpdatedSheets: sheets.size,
            responses,
          },
          next,
        };
      }
      case "spreadsheets.batchUpdate": {
        const { draft, replies } = batchUpdate(state, body.requests);
        const reply: Json = { spreadsheetId: state.spreadsheetId, replies };
        if (body.includeSpreadsheetInResponse === true) {
          reply.updatedSpreadsheet = spreadsheetResource(draft, { baseUrl: url });
        }
        return { reply, next: draft };
      }
      default:
        throw new ApiError(404, "NOT_FOUND", `Method not found: ${method}`);
    }
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, u: URL) {
    const verb = req.method ?? "GET";
    const body = verb === "POST" ? parseJson(await readBody(req)) : {};
    switch (`${verb} ${u.pathname}`) {
      case "POST /__control/faults":
        api.injectFaults(body as unknown as Fault);
        return send(res, 200, { faults });
      case "GET /__control/calls":
        return send(res, 200, api.calls());
      case "POST /__control/reset":
        api.reset();
        return send(res, 200, {});
      case "GET /__control/key":
        return send(res, 200, serviceAccountKey);
      case "POST /__control/key":
        return send(res, 200, api.untrustedKey());
      case "POST /__control/token-ttl":
        api.setTokenTtl(Number(body.seconds));
        return send(res, 200, { seconds: tokenTtl });
      case "POST /__control/read-quota":
        api.setReadQuota(
          body.perMinute === null || body.perMinute === undefined ? null : Number(body.perMinute),
        );
        return send(res, 200, { perMinute: readQuota });
      default:
        return sendError(
          res,
          new ApiError(404, "NOT_FOUND", `No control endpoint ${verb} ${u.pathname}`),
        );
    }
  }

  server.on("request", (req, res) => {
    const u = new URL(req.url ?? "/", url);
    const work = u.pathname.startsWith("/__control/")
      ? handleControl(req, res, u)
      : u.pathname === "/token" && req.method === "POST"
        ? handleToken(req, res)
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
    injectFaults(f) {
      if (!Number.isInteger(f.count) || f.count < 1)
        throw new Error("a fault needs a count of 1 or more");
      faults.push({ ...f });
    },
    reset() {
      faults = [];
      counts = { reads: 0, writes: 0, tokens: 0, byMethod: {} };
      tokenTtl = options.tokenTtlSeconds ?? DEFAULT_TTL;
      readQuota = options.readQuotaPerMinute ?? null;
      readTimes = [];
    },
    untrustedKey: () => generateServiceAccountKey(tokenUrl, serviceAccountKey.client_email),
    setTokenTtl(seconds) {
      if (!(seconds > 0)) throw new Error("a token lifetime must be a positive number of seconds");
      tokenTtl = seconds;
    },
    setReadQuota(perMinute) {
      readQuota = perMinute;
      readTimes = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
  return api;
}

function faultError(status: 403 | 429 | 500 | 503, method: string): ApiError {
  switch (status) {
    case 403:
      return new ApiError(403, "PERMISSION_DENIED", "The caller does not have permission");
    case 429:
      return quotaError(method);
    case 500:
      return new ApiError(500, "INTERNAL", "Internal error encountered.");
    case 503:
      return new ApiError(503, "UNAVAILABLE", "The service is currently unavailable.");
  }
}

function quotaError(method: string): ApiError {
  const read = READ_METHODS.has(method);
  const metric = read ? "Read requests" : "Write requests";
  const limit = read ? "ReadRequestsPerMinutePerProject" : "WriteRequestsPerMinutePerProject";
  return new ApiError(
    429,
    "RESOURCE_EXHAUSTED",
    `Quota exceeded for quota metric '${metric}' and limit '${metric} per minute' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.`,
    [
      errorInfo("RATE_LIMIT_EXCEEDED", `google.apps.sheets.v4.SpreadsheetsService.${method}`, {
        quota_metric: `sheets.googleapis.com/${read ? "read" : "write"}_requests`,
        quota_limit: limit,
        consumer: "projects/000000000000",
      }),
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [
          {
            description: "Request a higher quota limit.",
            url: "https://cloud.google.com/docs/quota#requesting_higher_quota",
          },
        ],
      },
    ],
  );
}

function responseOptions(q: (name: string) => string | null): ReadOptions {
  return readOptions((name) => {
    if (name === "valueRenderOption") return q("responseValueRenderOption");
    if (name === "dateTimeRenderOption") return q("responseDateTimeRenderOption");
    return null;
  });
}
