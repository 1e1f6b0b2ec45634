// The feed snapshot's schema: what a snapshot may hold, checked before each is
// stored (snapshot.ts writes it, every public route reads it), and the check,
// item by item with a memo so an unchanged item is not checked twice.
import * as z from "zod/mini";
import type { MeetingKind } from "../sheet/types.ts";
import { BuildMemo } from "./item-memo.ts";
import { carryOrigin, originOf } from "./item-origin.ts";

export const MEETING_KINDS = [
  "meeting",
  "bilateral",
  "workshop",
  "consultation",
  "briefing",
  "bilateral_series",
] as const satisfies readonly MeetingKind[];

export const PUBLIC_STATUSES = ["scheduled", "held", "cancelled"] as const;

const nullableText = z.nullable(z.string());
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const isoOffset = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/));
const isoUtc = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/));

const seriesFacts = {
  days: z.array(isoDate),
  organizations: z.number().check(z.int(), z.nonnegative()),
};

export const PublicMeetingSchema = z.object({
  id: z.string().check(z.minLength(1)),
  status: z.enum(PUBLIC_STATUSES),
  kind: z.nullable(z.enum(MEETING_KINDS)),
  organization: nullableText,
  counterpart: nullableText,
  location: nullableText,
  title: z.object({ ar: nullableText, en: nullableText }),
  /** Published once the meeting is held. */
  summary: z.object({ ar: nullableText, en: nullableText }),
  agenda: nullableText,
  /** The English columns of location, counterpart and agenda; absent when not given, so older snapshots read the same. */
  location_en: z.optional(z.string()),
  counterpart_en: z.optional(z.string()),
  agenda_en: z.optional(z.string()),
  all_day: z.boolean(),
  /** ISO 8601 with the zone's offset, or YYYY-MM-DD for an all-day meeting; null when undated. */
  start: z.nullable(z.union([isoOffset, isoDate])),
  /** Same form as start; for all-day meetings the last day (inclusive). */
  end: z.nullable(z.union([isoOffset, isoDate])),
  timezone: z.string(),
  /** The instants used to order and to split upcoming from past; null when undated. */
  starts_at: z.nullable(isoUtc),
  ends_at: z.nullable(isoUtc),
  /** When this meeting's public content last changed (carried over between snapshots). */
  modified_at: isoUtc,
  /** The calendar UID its invitations carry (src/sync/calendar-uids.ts); absent in snapshots made before it was stored. */
  uid: z.optional(z.string()),
  /** The published ID of the event it is held on the margins of, and of what it follows (src/feed/links.ts); absent when none is published. */
  part_of: z.optional(z.string().check(z.minLength(1))),
  follows: z.optional(z.string().check(z.minLength(1))),
  /**
   * A bilateral series: its days and how many organisations it met; who met
   * when only with `schedule_published` (the row's Publish schedule): a series
   * without it stores no slots, whatever the item held (the plain object is
   * tried second, and strips them).
   */
  series: z.optional(
    z.union([
      z.object({
        ...seriesFacts,
        schedule_published: z.literal(true),
        slots: z.array(z.object({ organization: z.string(), start: isoOffset, end: isoOffset })),
      }),
      z.object(seriesFacts),
    ]),
  ),
});

export const FeedSnapshotSchema = z.object({
  version: z.literal(1),
  generated_at: isoUtc,
  network: z.object({ name_ar: z.string(), name_en: z.string() }),
  /** The network's own website (Settings), for home_page_url; null when not set. */
  public_url: z.nullable(z.string()),
  meetings: z.array(PublicMeetingSchema),
});

export type PublicMeeting = z.infer<typeof PublicMeetingSchema>;
export type FeedSnapshot = z.infer<typeof FeedSnapshotSchema>;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

/**
 * Items checked against the schema before, by their JSON: each item is checked
 * alone (an array's schema checks each element alone too), so a sync after one
 * cell changed checks one item and the envelope, with the same problems and
 * the same output (the schema's key order) as checking the whole.
 */
type Issue = { path: PropertyKey[]; message: string };
const items = new BuildMemo<{ ok: true; data: PublicMeeting } | { ok: false; issues: Issue[] }>();
/** The content of items by ID and origin, from this build or the last (item-origin.ts). */
const byOrigin = new BuildMemo<string>();

export function checkSnapshot(
  merged: FeedSnapshot,
): { ok: true; data: FeedSnapshot } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const say = (issues: readonly Issue[], prefix: PropertyKey[]) =>
    problems.push(...issues.map((i) => `${[...prefix, ...i.path].join(".")}: ${i.message}`));
  const envelope = z.safeParse(FeedSnapshotSchema, { ...merged, meetings: [] });
  if (!envelope.success) say(envelope.error.issues, []);
  const meetings = merged.meetings.map((m, i) => {
    // An item with an origin is told by it and the two fields it leaves out
    // (item-origin.ts); any other by its JSON, as it is.
    const origin = originOf(m);
    const text =
      origin === undefined
        ? JSON.stringify(m)
        : `${origin}\u0001${m.modified_at}\u0001${m.uid ?? ""}`;
    const item = items.get(m.id, text, () => {
      const one = z.safeParse(PublicMeetingSchema, m);
      return one.success ? { ok: true, data: one.data } : { ok: false, issues: one.error.issues };
    });
    if (!item.ok) say(item.issues, ["meetings", i]);
    // The checked copy differs from the item only in its keys' order: same origin.
    return item.ok ? carryOrigin(m, item.data) : m;
  });
  items.turn();
  byOrigin.turn();
  if (!envelope.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, data: { ...envelope.data, meetings } };
}

/** Forgets the checked items, as a cold isolate starts. */
export function clearCheckMemo(): void {
  items.clear();
  byOrigin.clear();
}

/** The schema's fields that are content: the UID names the entry, and modified_at is when it changed. */
const CONTENT_KEYS = Object.keys(PublicMeetingSchema.shape)
  .filter((k) => k !== "modified_at" && k !== "uid")
  .sort() as (keyof PublicMeeting)[];
const contents = new WeakMap<PublicMeeting, string>();

/**
 * A meeting's public content, independent of key order (a stored snapshot comes
 * back in the schema's order): its fields in one fixed order, an object's keys
 * sorted. Remembered per item object: the last stored snapshot's are reused.
 */
export function meetingContent(m: PublicMeeting): string {
  // An item with an origin is found by it: each build's new items are not
  // remembered one by one (an insert per item per build).
  const origin = originOf(m);
  if (origin !== undefined) return byOrigin.get(m.id, origin, () => contentOf(m));
  let text = contents.get(m);
  if (text === undefined) {
    text = contentOf(m);
    contents.set(m, text);
  }
  return text;
}

function contentOf(m: PublicMeeting): string {
  return JSON.stringify(
    CONTENT_KEYS.map((k) => {
      const v = m[k];
      return v && typeof v === "object"
        ? Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        : v;
    }),
  );
}
