// The renderer runs where it will run in production: inside workerd, with
// workerd's own Intl data and no Node APIs.
import { describe, expect, it } from "vitest";
import { renderDigest, renderMail } from "../../../src/mail/render.ts";
import { inputFor, kinds, now, settings } from "./fixtures.ts";

describe("mail rendering in workerd", () => {
  it.each(kinds)("renders a %s with its calendar only where one belongs", (kind) => {
    const mail = renderMail(inputFor(kind));
    expect(mail.raw).toContain(`Message-ID: <${kind}-MTG-2026-014@liqaa>`);
    expect(mail.raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    if (kind === "summary") {
      expect(mail.ics).toBeNull();
    } else if (kind === "reminder") {
      // A reminder's copy schedules nothing: no METHOD for a client to apply.
      expect(mail.ics).not.toContain("METHOD:");
      expect(mail.ics).toContain("UID:MTG-2026-014@network.example.org");
    } else {
      expect(mail.ics).toContain(kind === "cancellation" ? "METHOD:CANCEL" : "METHOD:REQUEST");
      expect(mail.ics).toContain("UID:MTG-2026-014@network.example.org");
    }
  });

  it("writes Levantine month names and the zone with workerd's Intl", () => {
    const { text } = renderMail(inputFor("invitation"));
    expect(text).toContain("كانون الأول");
    expect(text).toContain("(توقيت سوريا، غرينتش+٣)");
  });

  it("converts the meeting's wall clock to UTC with workerd's Intl", () => {
    expect(renderMail(inputFor("invitation")).ics).toMatch(/^DTSTART:20261210T070000Z\r$/m);
  });

  it("renders the staff digest", () => {
    const mail = renderDigest({
      settings,
      problems: [],
      to: "staff@network.example.org",
      now,
      messageId: "<digest@liqaa>",
    });
    expect(mail.subject).toBe("مشكلات في جدول الاجتماعات (0) | Problems in the meetings sheet (0)");
    expect(mail.ics).toBeNull();
  });
});
