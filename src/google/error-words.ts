// What the person who runs Liqaa is told when Google fails, in Arabic and English,
// by the failure's kind: one sentence per kind, made from the failure's data (the
// service account to share with, how long Liqaa waited, Google's reason).
import type { Bilingual } from "../sheet/types.ts";
import type { GoogleErrorFacts } from "./error-facts.ts";

const KEY_SECRET = "GOOGLE_SERVICE_ACCOUNT_KEY";
const PUT_KEY = `wrangler secret put ${KEY_SECRET}`;

export function googleErrorWords(error: GoogleErrorFacts): Bilingual {
  switch (error.kind) {
    case "bad_key":
      return {
        ar: `السر ${KEY_SECRET} غير صالح: ${error.detail}. الصق مفتاح JSON الخاص بحساب الخدمة كاملاً مرة أخرى باستخدام \`${PUT_KEY}\`.`,
        en: `The secret ${KEY_SECRET} is wrong: ${error.detail}. Paste the service account's whole JSON key again with \`${PUT_KEY}\`.`,
      };
    case "auth":
      return {
        ar: `رفضت Google مفتاح حساب الخدمة في السر ${KEY_SECRET}: المفتاح خاطئ أو محذوف أو أُلغي. أنشئ مفتاحاً جديداً لحساب الخدمة في Google Cloud (IAM ← حسابات الخدمة ← المفاتيح) وضعه باستخدام \`${PUT_KEY}\`. إن كان المفتاح صحيحاً فتحقق من ساعة الخادم.`,
        en: `Google refused the service-account key in ${KEY_SECRET}: it is wrong, deleted or revoked. Create a new key for the service account in Google Cloud (IAM → Service accounts → Keys) and set it with \`${PUT_KEY}\`. If the key is right, check the server's clock.`,
      };
    case "forbidden":
      return {
        ar: `لا يستطيع لقاء فتح الجدول. شارك الجدول مع ${error.serviceAccount} بصلاحية «محرر» (زر مشاركة ← أضف هذا العنوان ← محرر).`,
        en: `Liqaa may not open the sheet. Share the sheet with ${error.serviceAccount} as Editor (Share → add that address → Editor).`,
      };
    case "not_found":
      return {
        ar: "لم يُعثر على الجدول. تحقق من SHEET_ID في wrangler.toml: هو الرمز الطويل في عنوان الجدول بين ‎/d/‎ و‎/edit‎.",
        en: "The sheet was not found. Check SHEET_ID in wrangler.toml: it is the long code in the sheet's address between /d/ and /edit.",
      };
    case "quota":
      return {
        ar: "بلغ لقاء حدّ الطلبات لدى Google. ستُعاد المحاولة في المزامنة التالية، ولا حاجة لفعل شيء ما لم يتكرر ذلك لساعة.",
        en: "Liqaa reached Google's request quota. It will try again at the next sync; nothing needs doing unless this goes on for an hour.",
      };
    case "unavailable": {
      const code = error.status === undefined ? "" : ` (HTTP ${error.status})`;
      return {
        ar: `لم تستجب Google Sheets${code}. ستُعاد المحاولة في المزامنة التالية.`,
        en: `Google Sheets did not answer${code}. Liqaa will try again at the next sync.`,
      };
    }
    case "timeout":
      return {
        ar: `لم تُجب Google خلال ${error.timeoutMs / 1000} ثانية. ستُعاد المحاولة في المزامنة التالية.`,
        en: `Google did not answer within ${error.timeoutMs / 1000} s. Liqaa will try again at the next sync.`,
      };
    case "bad_request":
      return {
        ar: `رفضت Google Sheets الطلب: ${error.detail}. إن أُعيدت تسمية ورقة أو حُذفت فأعد اسمها كما كان.`,
        en: `Google Sheets refused the request: ${error.detail}. If a tab was renamed or deleted, give it back its name.`,
      };
  }
}
