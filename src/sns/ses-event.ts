// SES's bounce, complaint, delivery and reject events as they arrive inside an
// SNS Notification's Message: both shapes, SES notifications (notificationType)
// and configuration-set event publishing (eventType). Parsed with zod at the trust
// boundary and turned into the store's DeliveryEvents, one per recipient.
import * as z from "zod/mini";
import type { DeliveryEvent } from "../sync/store.ts";

const SesEventSchema = z.object({
  notificationType: z.optional(z.string()),
  eventType: z.optional(z.string()),
  mail: z.object({
    messageId: z.string(),
    destination: z.optional(z.array(z.string())),
  }),
  bounce: z.optional(
    z.object({
      bounceType: z.string(),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: z.array(
        z.object({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()) }),
      ),
    }),
  ),
  complaint: z.optional(
    z.object({
      complainedRecipients: z.array(z.object({ emailAddress: z.string() })),
      complaintFeedbackType: z.optional(z.string()),
    }),
  ),
  delivery: z.optional(z.object({ recipients: z.array(z.string()) })),
  reject: z.optional(z.object({ reason: z.optional(z.string()) })),
});

export type SesEventResult =
  | { ok: true; events: DeliveryEvent[] }
  | { ok: false; reason: "not_json" | "not_an_ses_event" };

/** A detail fits a sheet cell and a log line. */
const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 299)}…` : text);

/**
 * The events one SES message reports. Types Liqaa does not track (Send, Open,
 * Click, DeliveryDelay…) give none; a Transient bounce is an event that does not
 * suppress (permanent: false).
 */
export function sesEvents(message: string, at: Date): SesEventResult {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { ok: false, reason: "not_json" };
  }
  const parsed = z.safeParse(SesEventSchema, json);
  if (!parsed.success) return { ok: false, reason: "not_an_ses_event" };
  const event = parsed.data;
  const type = event.eventType ?? event.notificationType;
  const id = event.mail.messageId;
  switch (type) {
    case "Bounce": {
      if (!event.bounce) return { ok: false, reason: "not_an_ses_event" };
      const { bounceType, bounceSubType } = event.bounce;
      return {
        ok: true,
        events: event.bounce.bouncedRecipients.map((r) => ({
          ses_message_id: id,
          email: r.emailAddress,
          event: "bounce",
          permanent: bounceType === "Permanent",
          detail: clip(
            [`${bounceType}/${bounceSubType ?? "General"}`, r.diagnosticCode]
              .filter(Boolean)
              .join(": "),
          ),
          at,
        })),
      };
    }
    case "Complaint": {
      if (!event.complaint) return { ok: false, reason: "not_an_ses_event" };
      const feedback = event.complaint.complaintFeedbackType ?? null;
      return {
        ok: true,
        events: event.complaint.complainedRecipients.map((r) => ({
          ses_message_id: id,
          email: r.emailAddress,
          event: "complaint",
          permanent: true,
          detail: feedback === null ? null : clip(feedback),
          at,
        })),
      };
    }
    case "Delivery":
      return {
        ok: true,
        events: (event.delivery?.recipients ?? []).map((email) => ({
          ses_message_id: id,
          email,
          event: "delivery",
          permanent: false,
          detail: null,
          at,
        })),
      };
    case "Reject":
      return {
        ok: true,
        events: (event.mail.destination ?? []).map((email) => ({
          ses_message_id: id,
          email,
          event: "reject",
          permanent: false,
          detail: event.reject?.reason ? clip(event.reject.reason) : null,
          at,
        })),
      };
    default:
      return { ok: true, events: [] };
  }
}

/** A permanent bounce or a complaint stops all mail to the address. */
export const suppresses = (event: DeliveryEvent) =>
  event.event === "complaint" || (event.event === "bounce" && event.permanent);
