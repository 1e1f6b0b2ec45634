// RSVP endpoint. GET /rsvp/:token shows a page in the
// invitee's language with one button; only the POST that button sends records
// the answer, so mail scanners that follow every GET answer for nobody. The
// token (src/delivery/links.ts) names the meeting, the address and the answer,
// signed with SIGNING_SECRET; D1 then decides whether the invitation still stands.
import { Hono } from "hono";
import { type RsvpClaim, verifyRsvp } from "../delivery/links.ts";
import type { Env } from "../env.ts";
import type { AppEnv } from "../http/app-env.ts";
import { checkedEnv } from "../http/checked-env.ts";
import type { Lang } from "../sheet/types.ts";
import { recordRsvp } from "../sync/store.ts";
import type { RsvpResponse } from "../sync/types.ts";
import { type PageSection, sendPage } from "./page.ts";
import { findInvitation, type InvitationView, type Standing, standing } from "./store.ts";

export interface RsvpRouteDeps {
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

const ANSWER: Record<RsvpResponse, Record<Lang, string>> = {
  accepted: { ar: "سأحضر", en: "I will attend" },
  tentative: { ar: "ربما أحضر", en: "I may attend" },
  declined: { ar: "أعتذر عن الحضور", en: "I cannot attend" },
};

const TITLE: Record<Lang, string> = { ar: "الرد على الدعوة", en: "Your answer to the invitation" };

type Failure = "invalid" | "expired" | "not_found" | "withdrawn";

const FAILURE: Record<Failure, Record<Lang, { heading: string; text: string }>> = {
  invalid: {
    ar: {
      heading: "الرابط غير صالح",
      text: "هذا الرابط غير صالح، وربما نُسخ ناقصًا. استخدم الرابط كما ورد في رسالة الدعوة.",
    },
    en: {
      heading: "This link is not valid",
      text: "This link is not valid; it may have been copied incompletely. Use the link exactly as it is in the invitation email.",
    },
  },
  expired: {
    ar: {
      heading: "انتهت صلاحية الرابط",
      text: "انتهت صلاحية هذا الرابط لأن الاجتماع انتهى أو أُلغي، فلم يُسجَّل أي رد.",
    },
    en: {
      heading: "This link has expired",
      text: "This link has expired because the meeting is over or was cancelled; no answer was recorded.",
    },
  },
  not_found: {
    ar: {
      heading: "لم نجد الدعوة",
      text: "لم نجد هذه الدعوة، فلم يُسجَّل أي رد. تواصل مع الأمانة إن ظننت أن هذا خطأ.",
    },
    en: {
      heading: "Invitation not found",
      text: "We could not find this invitation, so no answer was recorded. Contact the secretariat if you think this is a mistake.",
    },
  },
  withdrawn: {
    ar: { heading: "سُحبت الدعوة", text: "لم تعد هذه الدعوة قائمة، فلم يُسجَّل أي رد." },
    en: {
      heading: "Invitation withdrawn",
      text: "This invitation no longer stands, so no answer was recorded.",
    },
  },
};

/** Error pages speak both languages: nothing tells us yet which one the reader has. */
function failurePage(failure: Failure): PageSection[] {
  return (["ar", "en"] as const).map((lang) => ({ lang, ...FAILURE[failure][lang] }));
}

const statusOf = (failure: Failure) => (failure === "invalid" || failure === "expired" ? 400 : 404);

const fromStanding = (s: Exclude<Standing, "open">): Failure =>
  s === "over" ? "expired" : "withdrawn";

type Resolved =
  | { ok: false; failure: Failure }
  | { ok: true; env: Env; claim: RsvpClaim; view: InvitationView; at: Date };

export function rsvpRoutes(deps: RsvpRouteDeps = {}): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const app = new Hono<AppEnv>();
  app.use("/rsvp/*", checkedEnv);

  /** Verifies the token and looks the invitation up; the page to show when either fails. */
  async function resolve(env: Env, token: string): Promise<Resolved> {
    const at = now();
    const verified = await verifyRsvp(env.SIGNING_SECRET, token, at);
    if (!verified.ok) {
      return { ok: false, failure: verified.reason === "expired" ? "expired" : "invalid" };
    }
    const { claim } = verified;
    const view = await findInvitation(env.DB, claim.meetingId, claim.email);
    if (view === null) return { ok: false, failure: "not_found" };
    const state = standing(view, at);
    if (state !== "open") return { ok: false, failure: fromStanding(state) };
    return { ok: true, env, claim, view, at };
  }

  app.get("/rsvp/:token", async (c) => {
    const token = c.req.param("token");
    const found = await resolve(c.var.env, token);
    if (!found.ok) {
      return sendPage(c, statusOf(found.failure), TITLE.ar, failurePage(found.failure));
    }
    const lang = found.view.language;
    const answer = ANSWER[found.claim.response][lang];
    const section: PageSection =
      lang === "ar"
        ? {
            lang,
            heading: TITLE.ar,
            text: `اضغط الزر لتسجيل ردك: ${answer}.`,
            form: { action: `/rsvp/${token}`, button: `تأكيد: ${answer}` },
          }
        : {
            lang,
            heading: TITLE.en,
            text: `Press the button to record your answer: ${answer}.`,
            form: { action: `/rsvp/${token}`, button: `Confirm: ${answer}` },
          };
    return sendPage(c, 200, TITLE[lang], [section]);
  });

  app.post("/rsvp/:token", async (c) => {
    const found = await resolve(c.var.env, c.req.param("token"));
    if (!found.ok) {
      return sendPage(c, statusOf(found.failure), TITLE.ar, failurePage(found.failure));
    }
    const { env, claim, view, at } = found;
    const recorded = await recordRsvp(env.DB, {
      meeting_id: claim.meetingId,
      email: claim.email,
      response: claim.response,
      at,
    });
    if (!recorded) return sendPage(c, 404, TITLE.ar, failurePage("not_found"));
    const lang = view.language;
    const answer = ANSWER[claim.response][lang];
    const text =
      lang === "ar"
        ? `سُجّل ردك: ${answer}. شكرًا لك. لتغيير ردك استخدم رابطًا آخر من رسالة الدعوة.`
        : `Your answer was recorded: ${answer}. Thank you. To change it, use another link in the invitation email.`;
    const heading = lang === "ar" ? "سُجّل ردك" : "Your answer was recorded";
    return sendPage(c, 200, TITLE[lang], [{ lang, heading, text }]);
  });

  return app;
}
