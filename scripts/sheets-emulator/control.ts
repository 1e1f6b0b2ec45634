// The emulator's control surface over HTTP, for tests running inside workerd
// that cannot call its methods: inject faults, read or zero call counts, fetch
// the trusted key or an untrusted one, shorten token lifetimes, set the read
// quota, set a column's display format and move the emulator's clock forward.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SheetsEmulator } from "./api.ts";
import type { Fault } from "./faults.ts";
import { parseJson, readBody, send, sendError } from "./http.ts";
import { ApiError } from "./state.ts";

/** What the control answers show besides what the emulator's methods return. */
export interface ControlView {
  pendingFaults(): Fault[];
  tokenTtl(): number;
  readQuota(): number | null;
  nowMs(): number;
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  u: URL,
  api: SheetsEmulator,
  view: ControlView,
) {
  const verb = req.method ?? "GET";
  const body = verb === "POST" ? parseJson(await readBody(req)) : {};
  switch (`${verb} ${u.pathname}`) {
    case "POST /__control/faults":
      api.injectFaults(body as unknown as Fault);
      return send(res, 200, { faults: view.pendingFaults() });
    case "GET /__control/calls":
      return send(res, 200, api.calls());
    case "POST /__control/reset":
      api.reset();
      return send(res, 200, {});
    case "GET /__control/key":
      return send(res, 200, api.serviceAccountKey);
    case "POST /__control/key":
      return send(res, 200, api.untrustedKey());
    case "POST /__control/token-ttl":
      api.setTokenTtl(Number(body.seconds));
      return send(res, 200, { seconds: view.tokenTtl() });
    case "POST /__control/read-quota":
      api.setReadQuota(
        body.perMinute === null || body.perMinute === undefined ? null : Number(body.perMinute),
      );
      return send(res, 200, { perMinute: view.readQuota() });
    case "POST /__control/number-format": {
      const { tab, column, pattern, locale, spreadsheetId } = body;
      if (typeof tab !== "string" || typeof column !== "string") {
        throw new ApiError(
          400,
          "INVALID_ARGUMENT",
          "number-format needs a tab and a column letter",
        );
      }
      const format =
        typeof pattern === "string"
          ? { pattern, locale: typeof locale === "string" ? locale : "en_US" }
          : null;
      await api.setNumberFormat(
        tab,
        column,
        format,
        typeof spreadsheetId === "string" ? spreadsheetId : undefined,
      );
      return send(res, 200, { tab, column, format });
    }
    case "GET /__control/clock":
      return send(res, 200, { nowMs: view.nowMs() });
    case "POST /__control/clock":
      api.advanceClock(Number(body.advanceSeconds ?? 0));
      return send(res, 200, { nowMs: view.nowMs() });
    default:
      return sendError(
        res,
        new ApiError(404, "NOT_FOUND", `No control endpoint ${verb} ${u.pathname}`),
      );
  }
}
