// The emails' bytes, pinned: every kind, each reader's language and each
// Settings language choice, a multi-day timed and an all-day meeting, an
// update from an older version, a replies ORGANIZER, long text that folds and
// wraps, links signed as the mailer signs them, and the staff digest. Each raw
// MIME message is hashed; the hashes were recorded from main before the
// renderer's speed work (output-pin.json), so making rendering cheaper cannot
// change a byte of what anybody receives. Date and DTSTAMP come from the
// inputs, never the clock, so the hashes are stable.
// Recording again (only for a change meant to alter the mail): PIN_RECORD=1.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type MailInput, renderDigest, renderMail } from "../../../src/mail/render.ts";
import type { Meeting, Settings } from "../../../src/sheet/types.ts";
import { fingerprint } from "../../../src/sync/fingerprint.ts";
import { renderForRecipient } from "../../../src/sync/recipient-mail.ts";
import {
  arabicReader,
  digestProblems,
  englishReader,
  inputFor,
  kinds,
  meeting,
  now,
  settings,
} from "../../worker/mail/fixtures.ts";

const PIN = new URL("./output-pin.json", import.meta.url);
const sha = (raw: string) => createHash("sha256").update(raw).digest("hex");

const multiDay: Meeting = {
  ...meeting,
  date: "2027-03-27",
  date_end: "2027-03-29",
  start: "09:00",
  end: "17:00",
  timezone: "Europe/Berlin",
};
const allDay: Meeting = {
  ...meeting,
  date: "2027-01-04",
  date_end: "2027-01-05",
  start: null,
  end: null,
  online_url: null,
  organization: null,
  counterpart: null,
};
const english: Meeting = {
  ...meeting,
  location_en: "Gaziantep, Şehitkamil — UNDP office (English)",
  counterpart_en: "Jane Smith",
  agenda_en: "1. Early recovery\n2. The north-west",
};
const long: Meeting = {
  ...meeting,
  title_en: `${"A very long English title that has to fold in the Subject ".repeat(3)}end`,
  title_ar: `${"عنوان عربي طويل جداً يجب أن يُطوى في سطر الموضوع ".repeat(3)}نهاية`,
  agenda: Array.from({ length: 40 }, (_, i) => `${i + 1}. بند رقم ${i + 1} — item ${i + 1}`).join(
    "\n",
  ),
};
const older: Meeting = { ...meeting, date: "2026-12-09", start: "09:00", location: "Online" };

const langChoices: Settings["email_languages"][] = ["both", "ar", "en"];

function cases(): [string, MailInput][] {
  const out: [string, MailInput][] = [];
  for (const kind of kinds) {
    for (const choice of langChoices) {
      for (const reader of [arabicReader, englishReader]) {
        const s = { ...settings, email_languages: choice };
        out.push([
          `${kind}/${choice}/${reader.language}`,
          inputFor(kind, { contact: reader, settings: s }),
        ]);
      }
    }
    for (const [name, m] of [
      ["multi-day", multiDay],
      ["all-day", allDay],
      ["english-columns", english],
      ["long", long],
    ] as const) {
      for (const reader of [arabicReader, englishReader]) {
        const base = kind === "summary" ? { ...m, status: "held" as const } : m;
        out.push([
          `${kind}/${name}/${reader.language}`,
          inputFor(kind, { meeting: base, contact: reader }),
        ]);
      }
    }
    out.push([
      `${kind}/organizer+uid`,
      inputFor(kind, {
        organizer: "replies@network.example.org",
        uid: "liqaa-MTG-2026-014-fixed@network.example.org",
      }),
    ]);
  }
  for (const reader of [arabicReader, englishReader]) {
    out.push([
      `update/previous/${reader.language}`,
      inputFor("update", { contact: reader, previousFingerprint: fingerprint(older) }),
    ]);
  }
  return out;
}

async function hashes(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, input] of cases()) out[name] = sha(renderMail(input).raw);
  for (const choice of langChoices) {
    out[`digest/${choice}`] = sha(
      renderDigest({
        settings: { ...settings, email_languages: choice },
        problems: digestProblems,
        to: "staff@network.example.org",
        now,
        messageId: "<digest-7@liqaa>",
        sheetUrl: "https://docs.google.com/spreadsheets/d/abc",
        changes: { added: 1, fixed: 2 },
        unsubscribeUrl: "https://liqaa.example.org/unsubscribe/tok789",
      }).raw,
    );
  }
  // Through the mailer's own path: RSVP and unsubscribe links signed with a secret.
  for (const kind of kinds) {
    for (const reader of [arabicReader, englishReader]) {
      const mail = await renderForRecipient({
        kind,
        meeting: kind === "summary" ? { ...meeting, status: "held" } : meeting,
        contact: reader,
        settings,
        sequence: 4,
        now,
        messageId: `<signed-${kind}@liqaa>`,
        organizer: null,
        signingSecret: "pin-signing-secret-0123456789abcdef",
        base: "https://liqaa.example.org",
        linkEmail: reader.email,
      });
      out[`signed/${kind}/${reader.language}`] = sha(mail.raw);
    }
  }
  return out;
}

describe("the emails' bytes", () => {
  it("are those main rendered before the speed work, for every pinned case", async () => {
    const got = await hashes();
    if (process.env.PIN_RECORD === "1") writeFileSync(PIN, `${JSON.stringify(got, null, 2)}\n`);
    const want = JSON.parse(readFileSync(PIN, "utf8")) as Record<string, string>;
    expect(Object.keys(got).length).toBeGreaterThan(80);
    expect(got).toEqual(want);
  });
});
