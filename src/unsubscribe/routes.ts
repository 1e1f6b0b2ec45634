// One-click unsubscribe (RFC 8058). Reminders, summaries and
// digests carry `List-Unsubscribe: <https://…/unsubscribe/<token>>` and
// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`. The mail client's POST
// (or the page's button) unsubscribes that address from that kind of mail; a GET
// only shows the page with the button, so link scanners change nothing.
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { checkedEnv } from "../http/checked-env.ts";
import { type PageSection, sendPage } from "../rsvp/page.ts";
import type { Lang } from "../sheet/types.ts";
import { recordUnsubscribe } from "./store.ts";
import { type UnsubscribeKind, verifyUnsubscribe } from "./token.ts";

export interface UnsubscribeRouteDeps {
  now?: () => Date;
}

const KIND: Record<UnsubscribeKind, Record<Lang, string>> = {
  reminder: { ar: "تذكيرات الاجتماعات", en: "meeting reminders" },
  summary: { ar: "ملخصات الاجتماعات", en: "meeting summaries" },
  digest: { ar: "ملخص مشكلات الجدول", en: "the sheet's problem digest" },
};

const TITLE: Record<Lang, string> = { ar: "إلغاء الاشتراك", en: "Unsubscribe" };

const INVALID: PageSection[] = [
  {
    lang: "ar",
    heading: "الرابط غير صالح",
    text: "هذا الرابط غير صالح، وربما نُسخ ناقصًا، فلم يتغير شيء. استخدم الرابط كما ورد في الرسالة.",
  },
  {
    lang: "en",
    heading: "This link is not valid",
    text: "This link is not valid; it may have been copied incompletely, so nothing changed. Use the link exactly as it is in the email.",
  },
];

function confirmSection(lang: Lang, kind: UnsubscribeKind, action: string): PageSection {
  const what = KIND[kind][lang];
  return lang === "ar"
    ? {
        lang,
        heading: TITLE.ar,
        text: `اضغط الزر لإيقاف ${what} عن هذا العنوان. ستبقى دعوات الاجتماعات تصلك.`,
        form: { action, button: `أوقف ${what}` },
      }
    : {
        lang,
        heading: TITLE.en,
        text: `Press the button to stop ${what} to this address. Meeting invitations will still reach you.`,
        form: { action, button: `Stop ${what}` },
      };
}

function doneSection(lang: Lang, kind: UnsubscribeKind): PageSection {
  const what = KIND[kind][lang];
  return lang === "ar"
    ? {
        lang,
        heading: "تم إلغاء الاشتراك",
        text: `لن تصلك ${what} بعد الآن. ستبقى دعوات الاجتماعات تصلك.`,
      }
    : {
        lang,
        heading: "You are unsubscribed",
        text: `You will get no more ${what}. Meeting invitations will still reach you.`,
      };
}

export function unsubscribeRoutes(deps: UnsubscribeRouteDeps = {}): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const app = new Hono<AppEnv>();
  app.use("/unsubscribe/*", checkedEnv);

  app.get("/unsubscribe/:token", async (c) => {
    const token = c.req.param("token");
    const verified = await verifyUnsubscribe(c.var.env.SIGNING_SECRET, token);
    if (!verified.ok) return sendPage(c, 400, TITLE.ar, INVALID);
    const { lang, kind } = verified.claim;
    return sendPage(c, 200, TITLE[lang], [confirmSection(lang, kind, `/unsubscribe/${token}`)]);
  });

  // RFC 8058 POSTs `List-Unsubscribe=One-Click`; the page's button posts an empty
  // form. Either unsubscribes: the signed token in the URL is the authority.
  app.post("/unsubscribe/:token", async (c) => {
    const verified = await verifyUnsubscribe(c.var.env.SIGNING_SECRET, c.req.param("token"));
    if (!verified.ok) return sendPage(c, 400, TITLE.ar, INVALID);
    const { email, kind, lang } = verified.claim;
    await recordUnsubscribe(c.var.env.DB, { email, kind, at: now() });
    return sendPage(c, 200, TITLE[lang], [doneSection(lang, kind)]);
  });

  return app;
}
