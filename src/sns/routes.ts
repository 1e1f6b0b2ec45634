// SES bounce and complaint events through SNS: POST /sns/ses.
// Every message is verified (src/sns/verify.ts) before it is read. A
// SubscriptionConfirmation is confirmed by GETting its SubscribeURL (on
// amazonaws.com only); a Notification's SES events go to D1: every event is
// recorded, and a permanent bounce or a complaint suppresses the address and
// stops its queued mail, for the next sync to show in the Responses tab.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { RawEnv } from "../env.ts";
import type { AppEnv } from "../http/app-env.ts";
import { checkedEnv } from "../http/checked-env.ts";
import { HttpError, jsonError } from "../http/errors.ts";
import { stopQueuedMail } from "../outbox/stop.ts";
import { type DeliveryEvent, recordDeliveryEvent } from "../sync/store.ts";
import { sesEvents, suppresses } from "./ses-event.ts";
import {
  fetchFromSns,
  type SnsFetcher,
  SnsMessageSchema,
  snsUrl,
  snsVerifier,
  type VerifyFailure,
} from "./verify.ts";

export interface SnsRouteDeps {
  /** How certificates and SubscribeURLs are fetched; the real one unless a test serves its own. */
  fetcher?: SnsFetcher;
  now?: () => Date;
}

const TOPICS_HINT =
  "set SNS_TOPIC_ARNS under [vars] in wrangler.toml to the comma-separated ARNs of the SNS topics SES publishes bounces and complaints to";

/** SNS_TOPIC_ARNS from the raw env until src/env.ts checks it; absent means no topic is trusted. */
export function allowedTopics(raw: RawEnv): string[] | null {
  const value = raw.SNS_TOPIC_ARNS;
  if (typeof value !== "string") return null;
  const topics = value
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  return topics.length === 0 ? null : topics;
}

export interface EventsSummary {
  recorded: number;
  duplicates: number;
  suppressed: number;
  stopped: number;
}

export async function applySesEvents(
  db: D1Database,
  events: DeliveryEvent[],
): Promise<EventsSummary> {
  const summary: EventsSummary = { recorded: 0, duplicates: 0, suppressed: 0, stopped: 0 };
  for (const event of events) {
    // SNS may deliver a message more than once; an event already recorded is not recorded again.
    if (!(await recordDeliveryEvent(db, event))) {
      summary.duplicates++;
      continue;
    }
    summary.recorded++;
    if (suppresses(event)) {
      summary.suppressed++;
      summary.stopped += await stopQueuedMail(db, {
        email: event.email,
        reason: "suppressed",
        detail: event.event,
        at: event.at,
      });
    }
  }
  return summary;
}

/** Refusals SNS should not retry get 403; only a certificate we could not fetch is worth a retry. */
const statusFor = (reason: VerifyFailure) => (reason === "certificate_unavailable" ? 503 : 403);

export function snsRoutes(deps: SnsRouteDeps = {}): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const fetcher = deps.fetcher ?? fetchFromSns;
  const app = new Hono<AppEnv>();

  // SNS messages are at most 256 KiB; anything larger is not SNS, and is refused
  // before it is read into memory on this public route.
  const limit = bodyLimit({
    maxSize: 256 * 1024,
    onError: (c) =>
      jsonError(c, 413, "body_too_large", "the body is larger than an SNS message can be"),
  });

  app.post("/sns/ses", limit, checkedEnv, async (c) => {
    const topics = allowedTopics(c.env);
    if (topics === null) {
      throw new HttpError(500, "not_configured", `SNS_TOPIC_ARNS is missing: ${TOPICS_HINT}`);
    }

    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      return jsonError(c, 400, "not_json", "the body is not JSON");
    }
    const message = SnsMessageSchema.safeParse(json);
    if (!message.success) return jsonError(c, 400, "not_sns", "the body is not an SNS message");

    const verify = snsVerifier({ allowedTopics: topics, fetcher, now });
    const verified = await verify(message.data);
    if (!verified.ok) {
      const status = statusFor(verified.reason);
      return jsonError(c, status, verified.reason, `refused: ${verified.reason}`);
    }

    const msg = message.data;
    switch (msg.Type) {
      case "SubscriptionConfirmation": {
        const url = snsUrl(msg.SubscribeURL ?? "", verified.region);
        if (url === null) return jsonError(c, 403, "subscribe_url", "refused: subscribe_url");
        let response: Response;
        try {
          response = await fetcher.get(url);
        } catch {
          return jsonError(c, 502, "sns_unreachable", "could not reach SNS to confirm");
        }
        if (!response.ok) {
          return jsonError(c, 502, "sns_unreachable", `SNS answered ${response.status}`);
        }
        return c.json({ confirmed: true });
      }
      case "UnsubscribeConfirmation":
        // Someone unsubscribed the endpoint in AWS; nothing to do here but know it was real.
        return c.json({ ok: true });
      case "Notification": {
        const events = sesEvents(msg.Message, new Date(msg.Timestamp));
        if (!events.ok) {
          return jsonError(c, 400, "not_ses_event", `not an SES event: ${events.reason}`);
        }
        return c.json(await applySesEvents(c.var.env.DB, events.events));
      }
    }
  });

  return app;
}
