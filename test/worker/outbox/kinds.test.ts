// The one table of email kinds (src/outbox/kinds.ts) and what is derived from it.
import { describe, expect, it } from "vitest";
import {
  CALENDAR_KINDS,
  isMeetingKind,
  isOutboxKind,
  KIND_LABELS,
  kindsLeftWith,
  leaveKindOf,
  MAIL_KIND,
  MEETING_KINDS,
  OUTBOX_KINDS,
  UNSUBSCRIBE_KINDS,
} from "../../../src/outbox/kinds.ts";

describe("the email kinds", () => {
  it("derives every subset from the one table, in its order", () => {
    const meeting = ["invite", "update", "cancel", "reminder", "followup", "summary"];
    expect(MEETING_KINDS).toEqual(meeting);
    expect(OUTBOX_KINDS).toEqual([...meeting, "digest", "schedule"]);
    expect(CALENDAR_KINDS).toEqual(["invite", "update", "cancel"]);
    expect(UNSUBSCRIBE_KINDS).toEqual(["reminder", "summary", "digest"]);
  });

  it("pairs each meeting kind with the renderer's name, as the mail has always been rendered", () => {
    expect(MAIL_KIND).toEqual({
      invite: "invitation",
      update: "update",
      cancel: "cancellation",
      reminder: "reminder",
      followup: "follow-up",
      summary: "summary",
    });
  });

  it("lets a follow-up be left only with the reminders, by either of its names", () => {
    expect(leaveKindOf("followup")).toBe("reminder");
    expect(leaveKindOf("follow-up")).toBe("reminder");
    expect(leaveKindOf("summary")).toBe("summary");
    expect(leaveKindOf("invite")).toBeNull();
    expect(leaveKindOf("invitation")).toBeNull();
    expect(kindsLeftWith("reminder")).toEqual(["reminder", "followup"]);
    expect(kindsLeftWith("digest")).toEqual(["digest"]);
  });

  it("has words in both languages for every kind", () => {
    for (const kind of OUTBOX_KINDS) {
      expect(KIND_LABELS[kind].ar, kind).not.toBe("");
      expect(KIND_LABELS[kind].en, kind).not.toBe("");
    }
    expect(KIND_LABELS.invite).toEqual({ ar: "دعوة", en: "invitation" });
  });

  it("checks a stored kind in TypeScript, since the schema does not", () => {
    expect(isOutboxKind("digest")).toBe(true);
    expect(isOutboxKind("newsletter")).toBe(false);
    expect(isMeetingKind("digest")).toBe(false);
    expect(isMeetingKind("cancel")).toBe(true);
  });
});
