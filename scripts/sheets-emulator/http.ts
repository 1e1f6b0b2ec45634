// How the emulator speaks HTTP: Google's JSON bodies and error envelope, the
// request body read whole, and JSON parsed the way Google refuses bad JSON.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, type Json } from "./state.ts";

/** Google's ErrorInfo detail, naming the Sheets method that refused. */
export const errorInfo = (reason: string, method: string, extra: Json = {}) => ({
  "@type": "type.googleapis.com/google.rpc.ErrorInfo",
  reason,
  domain: "googleapis.com",
  metadata: { service: "sheets.googleapis.com", method, ...extra },
});

export function send(res: ServerResponse, status: number, body: unknown, headers: Json = {}) {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    "content-type": "application/json; charset=UTF-8",
    "content-length": Buffer.byteLength(text),
    ...(headers as Record<string, string>),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, e: ApiError, headers: Json = {}) {
  const error: Json = { code: e.code, message: e.message, status: e.status };
  if (e.details) error.details = e.details;
  send(res, e.code, { error }, headers);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function parseJson(text: string): Json {
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // Answered below, as Google does.
  }
  throw new ApiError(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.");
}
