// What can go wrong talking to Google, as values: each failure has a kind the
// sync can switch on, whether trying again later may help, and advice in Arabic
// and English that tells the person who runs Liqaa what to do about it.
import type { Bilingual } from "../sheet/types.ts";

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

export type GoogleErrorKind =
  | "forbidden"
  | "not_found"
  | "quota"
  | "unavailable"
  | "timeout"
  | "bad_key"
  | "auth"
  | "bad_request";

export interface GoogleError {
  kind: GoogleErrorKind;
  /** The HTTP status Google answered with; absent when no answer came (timeout, network). */
  status?: number;
  /** What a person should do, in both languages. */
  message: Bilingual;
  /** True when the same request may succeed later without anyone changing anything. */
  retryable: boolean;
  /** Google's own words (or the local cause), for the log. */
  detail: string;
}

const KEY_SECRET = "GOOGLE_SERVICE_ACCOUNT_KEY";
const PUT_KEY = `wrangler secret put ${KEY_SECRET}`;

/** The key secret is unusable before Google is even asked; `what` says which part is wrong. */
export function badKey(what: string): GoogleError {
  return {
    kind: "bad_key",
    message: {
      ar: `السر ${KEY_SECRET} غير صالح: ${what}. الصق مفتاح JSON الخاص بحساب الخدمة كاملاً مرة أخرى باستخدام \`${PUT_KEY}\`.`,
      en: `The secret ${KEY_SECRET} is wrong: ${what}. Paste the service account's whole JSON key again with \`${PUT_KEY}\`.`,
    },
    retryable: false,
    detail: what,
  };
}

/** Google's token endpoint refused the signed assertion: the key is wrong, deleted or revoked. */
export function authRefused(status: number, detail: string): GoogleError {
  return {
    kind: "auth",
    status,
    message: {
      ar: `رفضت Google مفتاح حساب الخدمة في السر ${KEY_SECRET}: المفتاح خاطئ أو محذوف أو أُلغي. أنشئ مفتاحاً جديداً لحساب الخدمة في Google Cloud (IAM ← حسابات الخدمة ← المفاتيح) وضعه باستخدام \`${PUT_KEY}\`. إن كان المفتاح صحيحاً فتحقق من ساعة الخادم.`,
      en: `Google refused the service-account key in ${KEY_SECRET}: it is wrong, deleted or revoked. Create a new key for the service account in Google Cloud (IAM → Service accounts → Keys) and set it with \`${PUT_KEY}\`. If the key is right, check the server's clock.`,
    },
    retryable: false,
    detail,
  };
}

export function forbidden(clientEmail: string, detail: string): GoogleError {
  return {
    kind: "forbidden",
    status: 403,
    message: {
      ar: `لا يستطيع لقاء فتح الجدول. شارك الجدول مع ${clientEmail} بصلاحية «محرر» (زر مشاركة ← أضف هذا العنوان ← محرر).`,
      en: `Liqaa may not open the sheet. Share the sheet with ${clientEmail} as Editor (Share → add that address → Editor).`,
    },
    retryable: false,
    detail,
  };
}

export function notFound(detail: string): GoogleError {
  return {
    kind: "not_found",
    status: 404,
    message: {
      ar: "لم يُعثر على الجدول. تحقق من SHEET_ID في wrangler.toml: هو الرمز الطويل في عنوان الجدول بين ‎/d/‎ و‎/edit‎.",
      en: "The sheet was not found. Check SHEET_ID in wrangler.toml: it is the long code in the sheet's address between /d/ and /edit.",
    },
    retryable: false,
    detail,
  };
}

export function quota(detail: string): GoogleError {
  return {
    kind: "quota",
    status: 429,
    message: {
      ar: "بلغ لقاء حدّ الطلبات لدى Google. ستُعاد المحاولة في المزامنة التالية، ولا حاجة لفعل شيء ما لم يتكرر ذلك لساعة.",
      en: "Liqaa reached Google's request quota. It will try again at the next sync; nothing needs doing unless this goes on for an hour.",
    },
    retryable: true,
    detail,
  };
}

export function unavailable(status: number | undefined, detail: string): GoogleError {
  const code = status === undefined ? "" : ` (HTTP ${status})`;
  return {
    kind: "unavailable",
    ...(status === undefined ? {} : { status }),
    message: {
      ar: `لم تستجب Google Sheets${code}. ستُعاد المحاولة في المزامنة التالية.`,
      en: `Google Sheets did not answer${code}. Liqaa will try again at the next sync.`,
    },
    retryable: true,
    detail,
  };
}

export function timedOut(timeoutMs: number, detail: string): GoogleError {
  return {
    kind: "timeout",
    message: {
      ar: `لم تُجب Google خلال ${timeoutMs / 1000} ثانية. ستُعاد المحاولة في المزامنة التالية.`,
      en: `Google did not answer within ${timeoutMs / 1000} s. Liqaa will try again at the next sync.`,
    },
    retryable: true,
    detail,
  };
}

export function badRequest(status: number, detail: string): GoogleError {
  return {
    kind: "bad_request",
    status,
    message: {
      ar: `رفضت Google Sheets الطلب: ${detail}. إن أُعيدت تسمية ورقة أو حُذفت فأعد اسمها كما كان.`,
      en: `Google Sheets refused the request: ${detail}. If a tab was renamed or deleted, give it back its name.`,
    },
    retryable: false,
    detail,
  };
}

/** Google's API error body: `{"error": {"code", "message", "status"}}`. */
function apiErrorText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && "error" in parsed) {
      const error = (parsed as { error: unknown }).error;
      if (error && typeof error === "object") {
        const { message, status } = error as { message?: unknown; status?: unknown };
        const parts = [status, message].filter((p): p is string => typeof p === "string");
        if (parts.length > 0) return parts.join(": ");
      }
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): the raw text is the best detail there is.
  }
  return body.slice(0, 300);
}

/** Classifies a Sheets API answer that was not 2xx. */
export function classifySheetsFailure(
  status: number,
  body: string,
  clientEmail: string,
): GoogleError {
  const detail = `HTTP ${status}: ${apiErrorText(body)}`;
  if (status === 401) return authRefused(status, detail);
  if (status === 403) return forbidden(clientEmail, detail);
  if (status === 404) return notFound(detail);
  if (status === 429) return quota(detail);
  if (status >= 500) return unavailable(status, detail);
  return badRequest(status, apiErrorText(body));
}

/** Classifies the OAuth token endpoint's answer that was not 2xx: `{"error", "error_description"}`. */
export function classifyTokenFailure(status: number, body: string): GoogleError {
  let detail = `HTTP ${status}: ${body.slice(0, 300)}`;
  try {
    const parsed = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    if (typeof parsed.error === "string") {
      detail = `HTTP ${status}: ${parsed.error}${typeof parsed.error_description === "string" ? ` (${parsed.error_description})` : ""}`;
    }
  } catch {
    // Keep the raw text as the detail.
  }
  if (status === 429) return quota(detail);
  if (status >= 500) return unavailable(status, detail);
  // invalid_grant, invalid_client, unauthorized_client: all mean the key is not accepted.
  return authRefused(status, detail);
}
