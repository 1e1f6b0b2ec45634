// The project's Amazon SES v2 stand-in for tests: a real HTTP server on
// 127.0.0.1 that answers SendEmail (Raw and Simple content) as SES does,
// verifies the SigV4 signature with the known test secret, keeps each raw
// message byte for byte, and answers scripted outcomes (throttle, reject, 5xx,
// accept-then-hang) and a configurable MaxSendRate. Tests inside workerd drive
// it over HTTP: GET /__fake/messages, POST /__fake/script, POST /__fake/clear,
// POST /__fake/max-rate. `npm start` runs it as the Worker's SES endpoint and
// hands every accepted message on to the local inbox (onMessage).
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySigV4 } from "./sigv4.ts";

export type Outcome = "ok" | "throttle" | "reject" | "5xx" | "accept-then-hang";
const OUTCOMES: readonly Outcome[] = ["ok", "throttle", "reject", "5xx", "accept-then-hang"];

export interface StoredMessage {
  /** The MessageId answered (or that would have been, for accept-then-hang). */
  id: string;
  /** The message as SES received it: Raw content decoded from base64 (UTF-8); Simple content rendered plainly. */
  raw: string;
  content: "raw" | "simple";
  from: string | null;
  to: string[];
  /** Epoch ms when accepted. */
  at: number;
}

export interface SesFakeOptions {
  /** 0 (default) = any free port. */
  port?: number;
  host?: "127.0.0.1";
  /** Access key id → secret the fake accepts. Default: the test bindings' pair. */
  credentials?: Record<string, string>;
  /** Answer 429 when sends arrive faster than this many per second; unset = no limit. */
  maxRate?: number;
  /** AWS refuses requests dated more than 15 minutes from its clock. */
  maxSkewMs?: number;
  /**
   * How many of the latest messages messages() keeps; default all. A
   * long-running `npm start` keeps none (0): its inbox holds them instead.
   */
  retain?: number;
  /**
   * Each message SES would deliver (accepted, or accept-then-hang), once stored
   * and answered. Not awaited, as SES answers before it delivers; failures are
   * the hook's to report.
   */
  onMessage?: (message: StoredMessage) => void;
}

export interface SesFake {
  url: string;
  messages(): StoredMessage[];
  /** Outcomes for the next SendEmail calls, in order; "ok" once they run out. */
  script(next: Outcome[]): void;
  setMaxRate(perSecond: number | null): void;
  clear(): void;
  close(): Promise<void>;
}

export const TEST_CREDENTIALS = { "test-access-key": "test-secret-key" } as const;

const SEND_PATH = "/v2/email/outbound-emails";
/** SES v2's limit on a raw message (40 MB, measured after base64 decoding). */
const MAX_RAW_BYTES = 40 * 1024 * 1024;
/**
 * SES lets an account exceed MaxSendRate "for short bursts"; a token bucket
 * holding this many seconds' worth of sends (and at least two) models that, and
 * absorbs the jitter between a client pacing itself exactly and our arrival times.
 */
const BURST_SECONDS = 1;

function sesMessageId(): string {
  // Shaped like SES's ids: 0100 + hex time + uuid + -000000.
  return `0100${Date.now().toString(16).padStart(12, "0")}-${randomUUID()}-000000`;
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  const requestId = randomUUID();
  res.writeHead(status, {
    "Content-Type": "application/json",
    "x-amzn-ErrorType": `${type}:http://internal.amazon.com/coral/com.amazonaws.sesv2/`,
    "x-amzn-RequestId": requestId,
  });
  res.end(JSON.stringify({ message }));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json", "x-amzn-RequestId": randomUUID() });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The first value of a header in raw MIME text (unfolded); enough to fill in from/to when the request omits them. */
function mimeHeader(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const line = unfolded
    .split(/\r?\n/)
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : null;
}

function addresses(header: string | null): string[] {
  if (!header) return [];
  return [...header.matchAll(/[^\s<>,;"]+@[^\s<>,;"]+/g)].map((m) => m[0]);
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === "string");

type Parsed =
  | { ok: true; message: Omit<StoredMessage, "id" | "at"> }
  | { ok: false; type: string; message: string };

/** Reads a SendEmail body as SES would, refusing what SES refuses with BadRequestException. */
function parseSendEmail(body: Buffer): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, type: "SerializationException", message: "Malformed JSON request body" };
  }
  if (json === null || typeof json !== "object") {
    return {
      ok: false,
      type: "BadRequestException",
      message: "Request body must be a JSON object",
    };
  }
  const req = json as {
    FromEmailAddress?: unknown;
    Destination?: { ToAddresses?: unknown; CcAddresses?: unknown; BccAddresses?: unknown };
    Content?: {
      Raw?: { Data?: unknown };
      Simple?: {
        Subject?: { Data?: unknown };
        Body?: { Text?: { Data?: unknown }; Html?: { Data?: unknown } };
      };
    };
  };
  const from = typeof req.FromEmailAddress === "string" ? req.FromEmailAddress : null;
  const destination = req.Destination ?? {};
  for (const key of ["ToAddresses", "CcAddresses", "BccAddresses"] as const) {
    if (destination[key] !== undefined && !isStringArray(destination[key])) {
      return {
        ok: false,
        type: "BadRequestException",
        message: `Destination.${key} must be a list of strings`,
      };
    }
  }
  const to = (destination.ToAddresses as string[] | undefined) ?? null;
  const raw = req.Content?.Raw;
  const simple = req.Content?.Simple;
  if (raw && simple) {
    return {
      ok: false,
      type: "BadRequestException",
      message: "Content must have exactly one of Raw, Simple, Template",
    };
  }
  if (raw) {
    if (typeof raw.Data !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(raw.Data)) {
      return { ok: false, type: "BadRequestException", message: "Content.Raw.Data must be base64" };
    }
    const bytes = Buffer.from(raw.Data, "base64");
    if (bytes.length === 0) {
      return { ok: false, type: "BadRequestException", message: "Content.Raw.Data is empty" };
    }
    if (bytes.length > MAX_RAW_BYTES) {
      return { ok: false, type: "MessageRejected", message: "Message length is more than 40 MB" };
    }
    const text = bytes.toString("utf8");
    const headerFrom = addresses(mimeHeader(text, "From"))[0] ?? null;
    const fromAddr = from ?? headerFrom;
    if (!fromAddr) {
      return {
        ok: false,
        type: "BadRequestException",
        message: "Missing FromEmailAddress and no From header",
      };
    }
    const recipients = to ?? [
      ...addresses(mimeHeader(text, "To")),
      ...addresses(mimeHeader(text, "Cc")),
    ];
    if (recipients.length === 0) {
      return { ok: false, type: "BadRequestException", message: "Missing final destination" };
    }
    return { ok: true, message: { raw: text, content: "raw", from: fromAddr, to: recipients } };
  }
  if (simple) {
    const subject = simple.Subject?.Data;
    const text = simple.Body?.Text?.Data;
    const html = simple.Body?.Html?.Data;
    if (typeof subject !== "string") {
      return {
        ok: false,
        type: "BadRequestException",
        message: "Content.Simple.Subject.Data is required",
      };
    }
    if (typeof text !== "string" && typeof html !== "string") {
      return {
        ok: false,
        type: "BadRequestException",
        message: "Content.Simple.Body needs Text or Html",
      };
    }
    if (!from) {
      return {
        ok: false,
        type: "BadRequestException",
        message: "FromEmailAddress is required for Simple content",
      };
    }
    if (!to || to.length === 0) {
      return { ok: false, type: "BadRequestException", message: "Missing final destination" };
    }
    const rendered = [
      `From: ${from}`,
      `To: ${to.join(", ")}`,
      `Subject: ${subject}`,
      "",
      typeof text === "string" ? text : String(html),
    ].join("\r\n");
    return { ok: true, message: { raw: rendered, content: "simple", from, to } };
  }
  return {
    ok: false,
    type: "BadRequestException",
    message: "Content must have one of Raw, Simple, Template",
  };
}

export async function startSesFake(options: SesFakeOptions = {}): Promise<SesFake> {
  const secrets = new Map(Object.entries(options.credentials ?? TEST_CREDENTIALS));
  const maxSkewMs = options.maxSkewMs ?? 15 * 60 * 1000;
  let maxRate: number | null = options.maxRate ?? null;
  const retain = options.retain ?? Number.POSITIVE_INFINITY;
  let stored: StoredMessage[] = [];
  let queue: Outcome[] = [];
  // Token bucket for maxRate: `tokens` as of `tokensAt`.
  let tokens = Number.POSITIVE_INFINITY;
  let tokensAt = 0;

  function takeToken(now: number): boolean {
    if (maxRate === null) return true;
    const capacity = Math.max(2, maxRate * BURST_SECONDS);
    tokens = Math.min(capacity, tokens + ((now - tokensAt) / 1000) * maxRate);
    tokensAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  async function handleSend(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const auth = verifySigV4(
      { method: req.method ?? "POST", url: req.url ?? "/", headers: req.headers, body },
      secrets,
      { service: "ses", now: Date.now(), maxSkewMs },
    );
    if (!auth.ok) return sendError(res, auth.status, auth.type, auth.message);

    const parsed = parseSendEmail(body);
    if (!parsed.ok) return sendError(res, 400, parsed.type, parsed.message);

    const now = Date.now();
    if (!takeToken(now)) {
      return sendError(res, 429, "TooManyRequestsException", "Maximum sending rate exceeded.");
    }
    const outcome = queue.shift() ?? "ok";
    if (outcome === "throttle") {
      return sendError(res, 429, "TooManyRequestsException", "Maximum sending rate exceeded.");
    }
    if (outcome === "reject") {
      return sendError(
        res,
        400,
        "MessageRejected",
        "Email address is not verified. The following identities failed the check in region EU-CENTRAL-1: " +
          (parsed.message.from ?? ""),
      );
    }
    if (outcome === "5xx") {
      return sendError(
        res,
        500,
        "InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.",
      );
    }
    const message: StoredMessage = { id: sesMessageId(), at: now, ...parsed.message };
    stored.push(message);
    if (stored.length > retain) stored.splice(0, stored.length - retain);
    // accept-then-hang: SES took it; the answer never comes. The socket stays
    // open until the client gives up or close().
    if (outcome !== "accept-then-hang") sendJson(res, 200, { MessageId: message.id });
    options.onMessage?.({ ...message, to: [...message.to] });
  }

  async function handleControl(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    body: Buffer,
  ) {
    if (req.method === "GET" && path === "/__fake/messages") return sendJson(res, 200, stored);
    if (req.method === "POST" && path === "/__fake/clear") {
      clear();
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === "POST" && path === "/__fake/script") {
      let next: unknown;
      try {
        next = JSON.parse(body.toString("utf8"));
      } catch {
        next = null;
      }
      if (!Array.isArray(next) || !next.every((o) => OUTCOMES.includes(o as Outcome))) {
        return sendJson(res, 400, { message: `expected a JSON array of ${OUTCOMES.join(", ")}` });
      }
      queue.push(...(next as Outcome[]));
      return sendJson(res, 200, { ok: true, queued: queue.length });
    }
    if (req.method === "POST" && path === "/__fake/max-rate") {
      const value: unknown = JSON.parse(body.toString("utf8") || "null");
      if (value !== null && !(typeof value === "number" && value > 0)) {
        return sendJson(res, 400, { message: "expected a positive number or null" });
      }
      maxRate = value;
      tokens = Number.POSITIVE_INFINITY;
      return sendJson(res, 200, { ok: true, maxRate });
    }
    return sendJson(res, 404, { message: `no control route ${req.method} ${path}` });
  }

  function clear() {
    stored = [];
    queue = [];
    tokens = Number.POSITIVE_INFINITY;
  }

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const path = new URL(req.url ?? "/", "http://fake").pathname;
        if (path.startsWith("/__fake/")) return handleControl(req, res, path, body);
        if (req.method === "POST" && path === SEND_PATH) return handleSend(req, res, body);
        return sendError(res, 404, "NotFoundException", `This fake answers only POST ${SEND_PATH}`);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, "InternalFailure", String(error));
      });
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}`,
    messages: () => stored.map((m) => ({ ...m, to: [...m.to] })),
    script(next) {
      queue.push(...next);
    },
    setMaxRate(perSecond) {
      maxRate = perSecond;
      tokens = Number.POSITIVE_INFINITY;
    },
    clear,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hung accept-then-hang sockets would keep close() waiting forever.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
