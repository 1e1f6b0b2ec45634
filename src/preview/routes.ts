// Admin email preview (issue 5, part 8): GET /admin/preview/:meetingId
// ?kind=invitation|update|cancellation|reminder|summary &lang=ar|en
// &format=html|eml [&to=contact email], with `Authorization: Bearer ADMIN_TOKEN`.
// It reads the sheet as it is now (read-only scope), so staff see exactly what a
// meeting would send before they set it to scheduled. Nothing is written and
// nothing is sent. RSVP and unsubscribe links are signed for a placeholder
// address that is invited to nothing, so clicking them in a preview answers
// for nobody.
import { type Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../workers/http.ts";
import { rsvpLinks } from "../delivery/links.ts";
import { ConfigError, type Env, parseEnv } from "../env.ts";
import { sheetsClientFromSecret } from "../google/sheets-client.ts";
import { MailRenderError, renderMail } from "../mail/render.ts";
import type { Contact } from "../sheet/types.ts";
import { normalizeEmail } from "../sync/types.ts";
import { unsubscribeUrl } from "../unsubscribe/token.ts";
import { readParsedSheet } from "./read-sheet.ts";

export interface PreviewRouteDeps {
  now?: () => Date;
}

/** The address preview links are signed for; .invalid can never be a real invitee. */
export const PREVIEW_ADDRESS = "preview@liqaa.invalid";

const QuerySchema = z.object({
  kind: z._default(
    z.enum(["invitation", "update", "cancellation", "reminder", "summary"], {
      error: "kind must be invitation, update, cancellation, reminder or summary",
    }),
    "invitation",
  ),
  lang: z._default(z.enum(["ar", "en"], { error: "lang must be ar or en" }), "ar"),
  format: z._default(z.enum(["html", "eml"], { error: "format must be html or eml" }), "html"),
  to: z.optional(z.string()),
});

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

/** Compares digests so the lengths match and the comparison takes the same time either way. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  return crypto.subtle.timingSafeEqual(await digest(given), await digest(expected));
}

/** The checked env when the request carries the admin token; otherwise the 401 to send. */
async function admin(
  c: Context<AppEnv>,
): Promise<{ ok: true; env: Env } | { ok: false; response: Response }> {
  const parsed = parseEnv(c.env);
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  const header = c.req.header("authorization") ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (token === undefined || !(await sameSecret(token, parsed.env.ADMIN_TOKEN))) {
    c.header("WWW-Authenticate", 'Bearer realm="liqaa-admin"');
    return {
      ok: false,
      response: c.json(
        { error: "an admin token is needed: Authorization: Bearer <ADMIN_TOKEN>" },
        401,
      ),
    };
  }
  return { ok: true, env: parsed.env };
}

/** The .eml file name: the meeting id reduced to characters every file system takes. */
const fileName = (meetingId: string, kind: string, lang: string) =>
  `${meetingId.replace(/[^A-Za-z0-9._-]+/g, "_")}-${kind}-${lang}.eml`;

export function previewRoutes(deps: PreviewRouteDeps = {}): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const app = new Hono<AppEnv>();

  app.get("/admin/preview/:meetingId", async (c) => {
    const auth = await admin(c);
    if (!auth.ok) return auth.response;
    const { env } = auth;
    const query = z.safeParse(QuerySchema, c.req.query());
    if (!query.success) {
      return c.json({ error: query.error.issues.map((i) => i.message).join("; ") }, 400);
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
    if (!client.ok) return c.json({ error: client.error.message }, 500);
    const read = await readParsedSheet(client.value);
    if (!read.ok) return c.json({ error: read.error.message, detail: read.error.detail }, 502);
    const { sheet } = read;

    const meetingId = c.req.param("meetingId");
    const meeting = sheet.meetings.find((m) => m.id === meetingId);
    if (meeting === undefined) {
      return c.json(
        {
          error: {
            ar: "لا يوجد اجتماع صالح بهذا المعرف في الجدول (قد يكون في صفه خطأ)",
            en: "no valid meeting with this ID in the sheet (its row may have a problem)",
          },
        },
        404,
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
    const revision =
      (
        await env.DB.prepare("SELECT revision FROM meetings WHERE id = ?")
          .bind(meeting.id)
          .first<{ revision: number }>()
      )?.revision ?? 0;
    const expires = Math.floor(at.getTime() / 1000) + 24 * 60 * 60;
    try {
      const mail = renderMail({
        kind,
        meeting,
        contact,
        settings: sheet.settings,
        sequence: revision,
        now: at,
        messageId: `<preview-${crypto.randomUUID()}@liqaa>`,
        rsvp: await rsvpLinks(env.SIGNING_SECRET, base, meeting.id, PREVIEW_ADDRESS, expires),
        unsubscribeUrl: await unsubscribeUrl(env.SIGNING_SECRET, base, {
          email: PREVIEW_ADDRESS,
          kind: kind === "summary" ? "summary" : "reminder",
          lang,
        }),
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
      return c.json({ error: error.message, code: error.code }, 422);
    }
  });

  return app;
}
