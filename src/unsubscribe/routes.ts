// One-click unsubscribe (RFC 8058). Reminders, summaries and
// digests carry `List-Unsubscribe: <https://…/unsubscribe/<token>>` and
// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`. The mail client's POST
// (or the page's button) unsubscribes that address from that kind of mail; a GET
// only shows the page with the button, so link scanners change nothing. The
// pages name the network, the address and the kind of mail, in the languages
// the network's emails are written in (Arabic first). They name no meeting: a
// token stands for one kind of mail from every meeting, and naming one would
// suggest the others go on.
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { checkedEnv } from "../http/checked-env.ts";
import { networkName } from "../mail/templates.ts";
import { pageLanguages } from "../rsvp/meeting-view.ts";
import { type PageSection, sendPage } from "../rsvp/page.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import type { Lang, Settings } from "../sheet/types.ts";
import { rememberedSettings } from "../sync/digest.ts";
import { recordUnsubscribe } from "./store.ts";
import { type UnsubscribeClaim, type UnsubscribeKind, verifyUnsubscribe } from "./token.ts";

export interface UnsubscribeRouteDeps {
  now?: () => Date;
}

const KIND: Record<UnsubscribeKind, Record<Lang, string>> = {
  reminder: { ar: "تذكيرات الاجتماعات", en: "meeting reminders" },
  summary: { ar: "ملخصات الاجتماعات", en: "meeting summaries" },
  digest: { ar: "ملخص مشكلات الجدول", en: "the sheet's problem digest" },
};

const TITLE: Record<Lang, string> = { ar: "إلغاء الاشتراك", en: "Unsubscribe" };

const LABELS: Record<Lang, { address: string; mail: string }> = {
  ar: { address: "العنوان", mail: "الرسائل" },
  en: { address: "Address", mail: "Emails" },
};

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

/** What every section shows: the network, the address and the kind of mail. */
function frame(lang: Lang, claim: UnsubscribeClaim, settings: Settings | null) {
  const what = KIND[claim.kind][lang];
  const labels = LABELS[lang];
  return {
    lang,
    ...(settings === null ? {} : { network: networkName(settings, lang) }),
    details: [
      { label: labels.address, value: normalizeEmail(claim.email) },
      { label: labels.mail, value: what },
    ],
  };
}

function confirmSection(
  lang: Lang,
  claim: UnsubscribeClaim,
  settings: Settings | null,
  action: string,
): PageSection {
  const what = KIND[claim.kind][lang];
  return lang === "ar"
    ? {
        ...frame(lang, claim, settings),
        heading: TITLE.ar,
        text: `اضغط الزر لإيقاف ${what} عن هذا العنوان. ستبقى دعوات الاجتماعات تصلك.`,
        forms: [{ action, button: `أوقف ${what}`, tone: "primary" }],
      }
    : {
        ...frame(lang, claim, settings),
        heading: TITLE.en,
        text: `Press the button to stop ${what} to this address. Meeting invitations will still reach you.`,
        forms: [{ action, button: `Stop ${what}`, tone: "primary" }],
      };
}

function doneSection(lang: Lang, claim: UnsubscribeClaim, settings: Settings | null): PageSection {
  const what = KIND[claim.kind][lang];
  return lang === "ar"
    ? {
        ...frame(lang, claim, settings),
        heading: "تم إلغاء الاشتراك",
        notice: { tone: "accept", text: `لن تصلك ${what} بعد الآن.` },
        text: "ستبقى دعوات الاجتماعات وتعديلاتها وإلغاءاتها تصلك.",
      }
    : {
        ...frame(lang, claim, settings),
        heading: "You are unsubscribed",
        notice: { tone: "accept", text: `You will get no more ${what}.` },
        text: "Meeting invitations, their updates and cancellations will still reach you.",
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
    const { claim } = verified;
    const settings = await rememberedSettings(c.var.env.DB, c.var.env.SHEET_ID);
    const langs = pageLanguages(settings, claim.lang);
    const action = `/unsubscribe/${token}`;
    const sections = langs.map((lang) => confirmSection(lang, claim, settings, action));
    return sendPage(c, 200, TITLE[langs[0] ?? claim.lang], sections);
  });

  // RFC 8058 POSTs `List-Unsubscribe=One-Click`; the page's button posts an empty
  // form. Either unsubscribes: the signed token in the URL is the authority.
  app.post("/unsubscribe/:token", async (c) => {
    const verified = await verifyUnsubscribe(c.var.env.SIGNING_SECRET, c.req.param("token"));
    if (!verified.ok) return sendPage(c, 400, TITLE.ar, INVALID);
    const { claim } = verified;
    await recordUnsubscribe(c.var.env.DB, { email: claim.email, kind: claim.kind, at: now() });
    const settings = await rememberedSettings(c.var.env.DB, c.var.env.SHEET_ID);
    const langs = pageLanguages(settings, claim.lang);
    return sendPage(
      c,
      200,
      TITLE[langs[0] ?? claim.lang],
      langs.map((lang) => doneSection(lang, claim, settings)),
    );
  });

  return app;
}
