// The one JSON error body every JSON route answers with, the error a route
// throws to produce it, and the app's one onError. HTML pages (RSVP,
// unsubscribe, the feed's meeting pages) keep their own bilingual pages.
import type { Context, ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** What a few errors add to code and message, naming what was wrong. */
export interface ErrorDetails {
  /** The query parameter that was refused. */
  parameter?: string;
  /** An upstream service's own words (Google's), for the staff who read admin answers. */
  detail?: string;
  /** Every configuration problem, one a line, for `npm start` and the health check's readers. */
  problems?: string[];
}

/** `{ "error": { "code": "...", "message": "..." } }`: clients branch on code, people read message. */
export interface ErrorBody {
  error: { code: string; message: string } & ErrorDetails;
}

export function errorBody(code: string, message: string, details: ErrorDetails = {}): ErrorBody {
  return { error: { code, message, ...details } };
}

/** Answers with the one error body; headers already set on c (CORS, WWW-Authenticate) go with it. */
export function jsonError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details: ErrorDetails = {},
): Response {
  return c.json(errorBody(code, message, details), status);
}

/** Thrown by a route or middleware that cannot go on; onError renders it as the one body. */
export class HttpError extends HTTPException {
  override readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    details: ErrorDetails = {},
  ) {
    super(status, { message });
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The same body when no onError is installed (a router mounted on its own, as tests do). */
  override getResponse(): Response {
    return Response.json(errorBody(this.code, this.message, this.details), {
      status: this.status,
    });
  }
}

/** Codes for what Hono's own middleware throws; a route throws HttpError with its own code. */
function codeFor(status: number): string {
  if (status === 401) return "unauthorized";
  if (status === 404) return "not_found";
  if (status === 413) return "body_too_large";
  return status >= 500 ? "internal" : "bad_request";
}

const INTERNAL_MESSAGE = "something went wrong on our side; the Worker's logs have the details";

/**
 * The app's onError. An HttpError answers as it says; any other exception is a
 * 500 with the one body and a generic message: the error and its stack go to the
 * log, never into the response.
 */
export const renderError: ErrorHandler = (error, c) => {
  if (error instanceof HttpError) {
    if (error.status >= 500) console.error(`http: ${c.req.method} ${c.req.path}:`, error.message);
    return jsonError(c, error.status, error.code, error.message, error.details);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return jsonError(c, status, codeFor(status), error.message || codeFor(status));
  }
  console.error(`http: ${c.req.method} ${c.req.path} failed:`, error);
  return jsonError(c, 500, "internal", INTERNAL_MESSAGE);
};
