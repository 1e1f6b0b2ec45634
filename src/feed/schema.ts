// The published JSON Schema (draft-07) for Liqaa's feed: JSON Feed 1.1's own rules
// for what Liqaa emits, plus the `_liqaa` extension objects. Served at
// /schema/feed.json; the tests validate every feed Liqaa serves against it.
// Patterns stand in for `format` so any validator checks them without plug-ins.
import { MEETING_KINDS } from "./snapshot-schema.ts";

const RFC3339 = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
const DATE = "^\\d{4}-\\d{2}-\\d{2}$";
const HTTP_URL = "^https?://[^\\s]+$";

const nullableString = { type: ["string", "null"] };
const bilingual = {
  type: "object",
  required: ["ar", "en"],
  additionalProperties: false,
  properties: { ar: nullableString, en: nullableString },
};
const startOrEnd = {
  oneOf: [
    { type: "string", pattern: RFC3339 },
    { type: "string", pattern: DATE },
    { type: "null" },
  ],
};

export const FEED_SCHEMA_ID = "https://liqaa.invalid/schema/feed.json";

export const feedSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: FEED_SCHEMA_ID,
  title: "Liqaa meetings feed (JSON Feed 1.1 with the _liqaa extension)",
  description:
    "Published meetings of a network. Items are JSON Feed 1.1 items; `_liqaa` holds the meeting's structured data. No personal data is ever included.",
  type: "object",
  required: ["version", "title", "items", "home_page_url", "feed_url", "language", "_liqaa"],
  properties: {
    version: { const: "https://jsonfeed.org/version/1.1" },
    title: { type: "string", minLength: 1 },
    home_page_url: { type: "string", pattern: HTTP_URL },
    feed_url: { type: "string", pattern: HTTP_URL },
    description: { type: "string" },
    language: { enum: ["ar", "en"] },
    next_url: { type: "string", pattern: HTTP_URL },
    expired: { type: "boolean" },
    _liqaa: {
      type: "object",
      required: ["generated_at", "schema", "when"],
      additionalProperties: false,
      properties: {
        generated_at: { type: "string", pattern: RFC3339 },
        schema: { type: "string", pattern: HTTP_URL },
        when: { enum: ["upcoming", "past", "all"] },
      },
    },
    items: { type: "array", items: { $ref: "#/definitions/item" } },
  },
  additionalProperties: false,
  definitions: {
    item: {
      type: "object",
      required: ["id", "url", "title", "date_modified", "language", "_liqaa"],
      // JSON Feed 1.1: an item has content_html, content_text, or both.
      anyOf: [
        { required: ["content_html"], properties: { content_html: { type: "string" } } },
        { required: ["content_text"], properties: { content_text: { type: "string" } } },
      ],
      additionalProperties: false,
      properties: {
        id: { type: "string", minLength: 1 },
        url: { type: "string", pattern: HTTP_URL },
        title: { type: "string", minLength: 1 },
        content_html: { type: "string" },
        content_text: { type: "string" },
        date_published: { type: "string", pattern: RFC3339 },
        date_modified: { type: "string", pattern: RFC3339 },
        language: { enum: ["ar", "en"] },
        tags: { type: "array", items: { type: "string", minLength: 1 } },
        _liqaa: { $ref: "#/definitions/extension" },
      },
    },
    extension: {
      type: "object",
      required: [
        "start",
        "end",
        "all_day",
        "timezone",
        "status",
        "kind",
        "organization",
        "counterpart",
        "location",
        "counterpart_en",
        "location_en",
        "title",
        "summary",
      ],
      additionalProperties: false,
      properties: {
        start: {
          ...startOrEnd,
          description:
            "ISO 8601 with the UTC offset in force; YYYY-MM-DD for all-day meetings; null for a held meeting with no recorded date.",
        },
        end: {
          ...startOrEnd,
          description: "Same form as start; for all-day meetings the last day.",
        },
        all_day: { type: "boolean" },
        timezone: { type: "string", minLength: 1, description: "IANA time zone name." },
        status: { enum: ["scheduled", "held", "cancelled"] },
        kind: { enum: [...MEETING_KINDS, null] },
        organization: nullableString,
        counterpart: nullableString,
        location: nullableString,
        counterpart_en: {
          ...nullableString,
          description:
            "The counterpart in English when the sheet gives it; `counterpart` is the Arabic column.",
        },
        location_en: {
          ...nullableString,
          description:
            "The location in English when the sheet gives it; `location` is the Arabic column.",
        },
        title: bilingual,
        summary: { ...bilingual, description: "Published once the meeting is held." },
        part_of: {
          type: "string",
          minLength: 1,
          description:
            "The id of the published item this meeting is held on the margins of; absent when there is none, or it is not published.",
        },
        follows: {
          type: "string",
          minLength: 1,
          description:
            "The id of the published item (a meeting or a series) this meeting follows; absent when there is none, or it is not published.",
        },
        series: {
          type: "object",
          description:
            "A bilateral series (kind bilateral_series), published as one item: its days and how many organisations it met. Which organisation met when is published only when its row says Publish schedule: then `schedule_published` is true and `slots` lists them; a series without the one has neither.",
          required: ["days", "organizations"],
          additionalProperties: false,
          // draft-07's `dependencies`: each of the two only with the other.
          dependencies: { slots: ["schedule_published"], schedule_published: ["slots"] },
          properties: {
            days: { type: "array", items: { type: "string", pattern: DATE } },
            organizations: { type: "integer", minimum: 0 },
            schedule_published: { const: true },
            slots: {
              type: "array",
              description:
                "Each organisation's slot, in the order of the schedule: its name and its start and end with the UTC offset in force in the meeting's time zone.",
              items: {
                type: "object",
                required: ["organization", "start", "end"],
                additionalProperties: false,
                properties: {
                  organization: { type: "string" },
                  start: { type: "string", pattern: RFC3339 },
                  end: { type: "string", pattern: RFC3339 },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** The schema with its $id at the address it is served from. */
export function feedSchemaFor(base: string) {
  return { ...feedSchema, $id: `${base}/schema/feed.json` };
}
