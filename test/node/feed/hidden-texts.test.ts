// hiddenTexts remembers its last answer: the same private texts give the very
// same object (its pattern compiled once), and any change to them — a new
// invitee, an Online link, a contact — gives a new one that holds it.
import { describe, expect, it } from "vitest";
import { generateSheet } from "../../../scripts/generate-sheet.ts";
import { hiddenTexts } from "../../../src/feed/hidden-texts.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";
import type { Meeting, ParsedSheet } from "../../../src/sheet/types.ts";

const sheet = parseSheet(generateSheet({ meetings: 30, contactsPerMeeting: 3, seed: 5 }).tabs);

/** The sheet with meeting `i` replaced, every other Meeting object shared. */
function withMeeting(from: ParsedSheet, i: number, change: (m: Meeting) => Meeting): ParsedSheet {
  return { ...from, meetings: from.meetings.map((m, j) => (j === i ? change(m) : m)) };
}

describe("hiddenTexts", () => {
  it("gives the same object for the same private texts, and a new one when they change", () => {
    const first = hiddenTexts(sheet);
    expect(hiddenTexts(sheet)).toBe(first);
    // A public cell edited: the same addresses and links, the same object.
    const retitled = withMeeting(sheet, 2, (m) => ({ ...m, title_en: "Another title" }));
    expect(hiddenTexts(retitled)).toBe(first);

    const NEW = "new.person@example.org";
    const invited = withMeeting(retitled, 2, (m) => ({
      ...m,
      invite: [...m.invite, { type: "email", email: NEW }],
    }));
    const more = hiddenTexts(invited);
    expect(more).not.toBe(first);
    expect(more.texts).toContain(NEW);
    expect(first.texts).not.toContain(NEW);
    expect("write to New.Person@example.org".replace(more.pattern ?? /$^/, "…")).toBe("write to …");

    const ROOM = "https://rooms.example.org/r/42";
    const offline = invited.meetings.findIndex((m) => !m.online_url);
    expect(offline).toBeGreaterThan(-1);
    const linked = withMeeting(invited, offline, (m) => ({ ...m, online_url: ROOM }));
    const withLink = hiddenTexts(linked);
    expect(withLink).not.toBe(more);
    expect(withLink.links).toHaveLength(more.links.length + 1);
    expect(withLink.links.filter((l) => !more.links.includes(l))[0]).toContain("rooms.example.org");

    // Back as it was: the same texts as the first call, wherever the objects came from.
    const back = hiddenTexts(
      parseSheet(generateSheet({ meetings: 30, contactsPerMeeting: 3, seed: 5 }).tabs),
    );
    expect(back.texts).toEqual(first.texts);
    expect(back.links).toEqual(first.links);

    const contact = sheet.contacts[0];
    if (!contact) throw new Error("the generated sheet has contacts");
    const moved = hiddenTexts({
      ...sheet,
      contacts: [{ ...contact, email: "moved@example.net" }, ...sheet.contacts.slice(1)],
    });
    expect(moved.texts).toContain("moved@example.net");
  });

  it("reads a Contacts list parsed anew by its addresses, not by the last list's", () => {
    // Each full sync parses a new list: the same addresses give the same object,
    // one address changed in a list of the same length gives a Hidden holding it.
    const copy = () => sheet.contacts.map((c) => ({ ...c }));
    const first = hiddenTexts({ ...sheet, contacts: copy() });
    expect(hiddenTexts({ ...sheet, contacts: copy() })).toBe(first);
    const last = sheet.contacts.length - 1;
    const changed = copy().map((c, i) => (i === last ? { ...c, email: "other@example.net" } : c));
    const other = hiddenTexts({ ...sheet, contacts: changed });
    expect(other).not.toBe(first);
    expect(other.texts).toContain("other@example.net");
    expect(hiddenTexts({ ...sheet, contacts: copy() }).texts).not.toContain("other@example.net");
  });

  it("reads Settings parsed anew by the addresses they name", () => {
    const first = hiddenTexts({ ...sheet, settings: { ...sheet.settings } });
    expect(hiddenTexts({ ...sheet, settings: { ...sheet.settings } })).toBe(first);
    const staff = [...sheet.settings.staff_emails, "staff.new@example.org"];
    const more = hiddenTexts({ ...sheet, settings: { ...sheet.settings, staff_emails: staff } });
    expect(more).not.toBe(first);
    expect(more.texts).toContain("staff.new@example.org");
    const replyTo = { ...sheet.settings, reply_to: "replies.new@example.org" };
    expect(hiddenTexts({ ...sheet, settings: replyTo }).texts).toContain("replies.new@example.org");
    expect(hiddenTexts({ ...sheet, settings: { ...sheet.settings } }).texts).toEqual(first.texts);
  });
});
