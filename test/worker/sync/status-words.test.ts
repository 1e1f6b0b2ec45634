// The plan's sentences for staff, by code, word for word as the Sync status cell,
// the Responses tab and the Sync log show them.
import { describe, expect, it } from "vitest";
import type { MaterialChange } from "../../../src/sync/changes.ts";
import {
  type MeetingStatus,
  skippedWords,
  statusCell,
  statusWords,
  vanishedWords,
} from "../../../src/sync/status-words.ts";
import type { LatestMail, MeetingCounts } from "../../../src/sync/types.ts";

const counts = (over: Partial<MeetingCounts> = {}): MeetingCounts => ({
  invited: 0,
  queued: 0,
  suppressed: 0,
  cancelled: 0,
  ...over,
});

const latest = (
  kinds: LatestMail["kinds"],
  over: { bounced?: number; unconfirmed?: number; changed?: MaterialChange[] } = {},
): NonNullable<MeetingCounts["latest"]> => ({
  kinds,
  bounced: over.bounced ?? 0,
  unconfirmed: over.unconfirmed ?? 0,
  changed: over.changed ?? [],
});

describe("the Sync status words", () => {
  it.each<[MeetingStatus, MeetingCounts, string, string]>([
    [
      { code: "id_pending" },
      counts(),
      "⏳ بانتظار كتابة المعرف؛ يُرسل البريد في المزامنة التالية",
      "⏳ waiting for its ID to be written; mail goes with the next sync",
    ],
    [
      { code: "no_sender" },
      counts(),
      "⚠ لم يُرسل شيء: لا عنوان مرسل في الإعدادات",
      "⚠ nothing sent: no sender address in Settings",
    ],
    [{ code: "draft" }, counts(), "مسودة · لم يُرسل شيء", "draft · nothing sent"],
    [
      { code: "draft_after_invitations" },
      counts({ cancelled: 2, suppressed: 1 }),
      "⚠ أُعيد إلى مسودة بعد إرسال الدعوات: عُومل كملغى، وأُبلغ 2 · لم يُرسل إلى 1 (محظور)",
      "⚠ back to draft after invitations: treated as cancelled, 2 notified · 1 not sent (suppressed)",
    ],
    [{ code: "cancelled" }, counts(), "✕ ملغى", "✕ cancelled"],
    [
      { code: "cancelled" },
      counts({ cancelled: 3 }),
      "✕ ملغى · أُبلغ 3",
      "✕ cancelled · 3 notified",
    ],
    [{ code: "held" }, counts(), "منعقد", "held"],
    [
      { code: "held_summary_sent", delivered: 4 },
      counts(),
      "✓ منعقد · أُرسل الملخص إلى 4",
      "✓ held · summary sent to 4",
    ],
    [
      { code: "held_summary_sent", delivered: 0 },
      counts(),
      "منعقد · لم يُرسل الملخص إلى أحد",
      "held · summary sent to no one",
    ],
    [
      { code: "held_summary_sent", delivered: 4 },
      counts({ latest: latest({ summary: 4 }, { bounced: 1 }) }),
      "✓ منعقد · أُرسل الملخص إلى 4 · ارتدّ 1",
      "✓ held · summary sent to 4 · 1 bounced",
    ],
    [
      { code: "cancelled" },
      counts({ cancelled: 15, latest: latest({ cancel: 15 }, { unconfirmed: 2 }) }),
      "✕ ملغى · أُبلغ 15 · غير مؤكد 2",
      "✕ cancelled · 15 notified · 2 unconfirmed",
    ],
    [
      { code: "invited" },
      counts({ invited: 15, latest: latest({ update: 15 }, { changed: ["time"] }) }),
      "✓ أُبلغ 15 بالتعديل (الوقت)",
      "✓ updated 15 (time)",
    ],
    [
      { code: "invited" },
      counts({
        invited: 16,
        latest: latest({ update: 15, invite: 1 }, { changed: ["date", "link"] }),
      }),
      "✓ أُبلغ 15 بالتعديل (التاريخ، الرابط) · 1 دعوة جديدة",
      "✓ updated 15 (date, link) · 1 newly invited",
    ],
    [
      { code: "invited" },
      counts({ invited: 15, latest: latest({ update: 15 }) }),
      "✓ أُبلغ 15 بالتعديل",
      "✓ updated 15",
    ],
    [
      { code: "invited" },
      counts({ invited: 15, suppressed: 1, latest: latest({ reminder: 14 }) }),
      "✓ أُرسل التذكير إلى 14 · لم يُرسل إلى 1 (محظور)",
      "✓ reminded 14 · 1 not sent (suppressed)",
    ],
    [
      { code: "invited" },
      counts({ invited: 14, latest: latest({ cancel: 1 }, { bounced: 1 }) }),
      "✓ دُعي 14 · أُلغيت دعوة 1 · ارتدّ 1",
      "✓ invited 14 · 1 uninvited · 1 bounced",
    ],
    [
      { code: "invited" },
      counts({ invited: 15, latest: latest({ invite: 15 }, { unconfirmed: 3 }) }),
      "✓ دُعي 15 · غير مؤكد 3",
      "✓ invited 15 · 3 unconfirmed",
    ],
    [
      { code: "over" },
      counts({ invited: 15, latest: latest({ reminder: 15 }) }),
      "✓ أُرسل التذكير إلى 15",
      "✓ reminded 15",
    ],
    [{ code: "no_date" }, counts(), "⚠ لا تاريخ: لم يُرسل شيء", "⚠ no date: nothing sent"],
    [{ code: "over" }, counts(), "انتهى موعده: لم تُرسل دعوات", "already over: no invitations sent"],
    [{ code: "over" }, counts({ invited: 2 }), "✓ دُعي 2", "✓ invited 2"],
    [
      { code: "invited" },
      counts(),
      "⚠ لا أحد يُدعى: لا جهة اتصال فعّالة في المدعوين",
      "⚠ no one to invite: no active contact in Invite",
    ],
    [
      { code: "invited" },
      counts({ suppressed: 1 }),
      "✓ دُعي 0 · لم يُرسل إلى 1 (محظور)",
      "✓ invited 0 · 1 not sent (suppressed)",
    ],
  ])("%j with %j", (status, c, ar, en) => {
    expect(statusWords(status, c)).toEqual({ ar, en });
  });

  it("stamps the cell with when the sync ran", () => {
    expect(statusCell({ code: "held" }, counts(), "2026-12-10 10:00 UTC+3")).toEqual({
      ar: "منعقد · 2026-12-10 10:00 UTC+3",
      en: "held · 2026-12-10 10:00 UTC+3",
    });
  });
});

describe("the Responses and Sync log words", () => {
  it("say why an address got nothing", () => {
    expect(skippedWords({ code: "bounce" })).toEqual({
      ar: "لم يُرسل: البريد يرتد",
      en: "not sent: the address bounces",
    });
    expect(skippedWords({ code: "unsubscribed_from", kind: "summary" })).toEqual({
      ar: "لم يُرسل: ألغى الاشتراك في الملخصات",
      en: "not sent: it unsubscribed from summaries",
    });
  });

  it("tell staff a deleted meeting is still in calendars", () => {
    expect(vanishedWords("M7", 2).en).toBe(
      'The meeting "M7" is no longer in the sheet, but 2 invitees still have it in their calendars; nothing was sent to them. To cancel it, put the row back with the same ID and set its status to cancelled.',
    );
  });
});
