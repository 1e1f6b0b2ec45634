// Admin email preview: GET /admin/preview/:meetingId
// ?kind=invitation|update|cancellation|reminder|follow-up|summary &lang=ar|en
// &format=html|eml [&to=contact email], with `Authorization: Bearer ADMIN_TOKEN`.
// It reads the sheet as it is now (read-only scope), so staff see exactly what a
// meeting would send before they set it to scheduled. Nothing is written and
// nothing is sent. RSVP and unsubscribe links are signed for a placeholder
// address that is invited to nothing, so clicking them in a preview answers
// for nobody.
import { Hono } from "hono";
import * as z from "zod/mini";
import { sheetsClientFromSecret } from "../google/sheets-client.ts";
import type { AppEnv } from "../http/app-env.ts";
import { HttpError } from "../http/errors.ts";
import { MailRenderError } from "../mail/render.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import type { Bilingual, Contact } from "../sheet/types.ts";
import { fingerprint } from "../sync/fingerprint.ts";
import { renderForRecipient, sequenceFor } from "../sync/recipient-mail.ts";
import type { CalendarKind } from "../sync/types.ts";
import { readParsedSheet } from "./read-sheet.ts";

export interface PreviewRouteDeps {
  now?: () => Date;
}

/** The address preview links are signed for; .invalid can never be a real invitee. */
export const PREVIEW_ADDRESS = "preview@liqaa.invalid";

const QuerySchema = z.object({
  kind: z._default(
    z.enum(["invitation", "update", "cancellation", "reminder", "follow-up", "summary"], {
      error: "kind must be invitation, update, cancellation, reminder, follow-up or summary",
    }),
    "invitation",
  ),
  lang: z._default(z.enum(["ar", "en"], { error: "lang must be ar or en" }), "ar"),
  format: z._default(z.enum(["html", "eml"], { error: "format must be html or eml" }), "html"),
  to: z.optional(z.string()),
});

/** The .eml file name: the meeting id reduced to characters every file system takes. */
const fileName = (meetingId: string, kind: string, lang: string) =>
  `${meetingId.replace(/[^A-Za-z0-9._-]+/g, "_")}-${kind}-${lang}.eml`;

/** Google's and the sheet's messages are for staff who read either language. */
const bothLanguages = (message: Bilingual) => `${message.en} / ${message.ar}`;

/**
 * Mounted inside src/admin/routes.ts's adminRoutes: its middleware checks the
 * admin token for every /admin route and sets the checked env.
 */
export function previewRoutes(deps: PreviewRouteDeps = {}): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const app = new Hono<AppEnv>();

  app.get("/preview/:meetingId", async (c) => {
    const env = c.var.env;
    const query = z.safeParse(QuerySchema, c.req.query());
    if (!query.success) {
      const [first] = query.error.issues;
      throw new HttpError(
        400,
        "bad_parameter",
        query.error.issues.map((i) => i.message).join("; "),
        { parameter: String(first?.path[0] ?? "") },
      );
    }
    const { kind, lang, format, to } = query.data;

    const client = sheetsClientFromSecret(env.GOOGLE_SERVICE_ACCOUNT_KEY, {
      sheetId: env.SHEET_ID,
      tokenUrl: env.GOOGLE_TOKEN_URL,
      apiUrl: env.SHEETS_API_URL,
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      timeoutMs: 10_000,
      maxAttempts: 2,
      readOnly: true,
    });
    if (!client.ok) {
      throw new HttpError(500, client.error.kind, bothLanguages(client.error.message));
    }
    const read = await readParsedSheet(client.value);
    if (!read.ok) {
      throw new HttpError(502, read.error.kind, bothLanguages(read.error.message), {
        detail: read.error.detail,
      });
    }
    const { sheet } = read;

    const meetingId = c.req.param("meetingId");
    const meeting = sheet.meetings.find((m) => m.id === meetingId);
    if (meeting === undefined) {
      throw new HttpError(
        404,
        "meeting_not_found",
        bothLanguages({
          ar: "لا يوجد اجتماع صالح بهذا المعرف في الجدول (قد يكون في صفه خطأ)",
          en: "no valid meeting with this ID in the sheet (its row may have a problem)",
        }),
      );
    }

    const known =
      to === undefined
        ? undefined
        : sheet.contacts.find((ct) => normalizeEmail(ct.email) === normalizeEmail(to));
    const contact: Contact = known
      ? { ...known, language: lang }
      : {
          row: 0,
          organization: null,
          name: lang === "ar" ? "اسم المدعو" : "Invitee name",
          email: PREVIEW_ADDRESS,
          language: lang,
          groups: [],
          active: true,
        };

    const base = env.PUBLIC_URL || sheet.settings.public_url || "https://liqaa.invalid";
    const at = now();
    // The SEQUENCE a real email of this kind would carry now: an update goes out
    // at the invitee's SEQUENCE + 1, not at the meeting's revision.
    // And the calendar UID invitees already hold, so the preview names the entry the real email would.
    // And for an update, the version its invitees were last sent, so the preview
    // shows what changed, old beside new, as the email will.
    const [stored, invitation, calendar, pending] = await env.DB.batch([
      env.DB.prepare("SELECT revision, fingerprint FROM meetings WHERE id = ?").bind(meeting.id),
      env.DB.prepare(
        "SELECT sequence, last_kind FROM invitations WHERE meeting_id = ? AND email = ?",
      ).bind(meeting.id, normalizeEmail(known?.email ?? PREVIEW_ADDRESS)),
      env.DB.prepare("SELECT uid FROM calendar_uids WHERE meeting_id = ?").bind(meeting.id),
      env.DB.prepare(
        `SELECT json_extract(i.body, '$.previousFingerprint') AS previous FROM outbox o
         JOIN mail_inputs i ON i.snapshot = o.input_snapshot AND i.ref = 'm:' || o.meeting_id
         WHERE o.meeting_id = ? AND o.kind = 'update' ORDER BY o.id DESC LIMIT 1`,
      ).bind(meeting.id),
    ]);
    const uid = (calendar?.results[0] as { uid: string } | undefined)?.uid;
    const recorded = stored?.results[0] as { revision: number; fingerprint: string } | undefined;
    const revision = recorded?.revision ?? 0;
    const previousFingerprint =
      kind !== "update"
        ? undefined
        : recorded !== undefined && recorded.fingerprint !== fingerprint(meeting)
          ? // Edited since the last sync: the update the next sync sends starts from what is recorded.
            recorded.fingerprint
          : // Already planned: the update waiting in the outbox carries the version it replaces.
            ((pending?.results[0] as { previous: string | null } | undefined)?.previous ??
            undefined);
    const invited =
      (invitation?.results[0] as { sequence: number; last_kind: CalendarKind } | undefined) ?? null;
    try {
      const mail = await renderForRecipient({
        kind,
        meeting,
        contact,
        settings: sheet.settings,
        sequence: sequenceFor(kind, revision, invited),
        now: at,
        messageId: `<preview-${crypto.randomUUID()}@liqaa>`,
        signingSecret: env.SIGNING_SECRET,
        base,
        linkEmail: PREVIEW_ADDRESS,
        organizer: env.REPLIES_ADDRESS ? env.REPLIES_ADDRESS : null,
        ...(uid === undefined ? {} : { uid }),
        ...(previousFingerprint === undefined ? {} : { previousFingerprint }),
      });
      c.header("Cache-Control", "no-store");
      if (format === "eml") {
        c.header("Content-Type", "message/rfc822");
        c.header(
          "Content-Disposition",
          `attachment; filename="${fileName(meeting.id, kind, lang)}"`,
        );
        return c.body(mail.raw);
      }
      // The mail's HTML is shown as is; no script may run and nothing loads but images.
      c.header(
        "Content-Security-Policy",
        "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'",
      );
      return c.html(mail.html);
    } catch (error) {
      if (!(error instanceof MailRenderError)) throw error;
      throw new HttpError(422, error.code, error.message);
    }
  });

  return app;
}
