// meetingKeys hands a row whose JSON reads as the last list's at its place
// that list's very string (src/feed/meeting-keys.ts): the keys are always the
// row's own JSON, whatever the last list held.
import { describe, expect, it } from "vitest";
import { generateSheet } from "../../../scripts/generate-sheet.ts";
import { meetingKeys } from "../../../src/feed/meeting-keys.ts";
import { parseSheet } from "../../../src/sheet/parse.ts";

const tabs = generateSheet({ meetings: 20, contactsPerMeeting: 2, seed: 9 }).tabs;

describe("meetingKeys", () => {
  it("gives each row its own JSON, a row parsed anew the last list's string", () => {
    const first = parseSheet(tabs);
    const again = parseSheet(tabs);
    const keys = meetingKeys(first);
    expect(keys).toEqual(first.meetings.map((m) => JSON.stringify(m)));
    const moved = {
      ...again,
      meetings: again.meetings.map((m, i) => (i === 2 ? { ...m, location: "قاعة ٧" } : m)),
    };
    const next = meetingKeys(moved);
    expect(next).toEqual(moved.meetings.map((m) => JSON.stringify(m)));
    expect(next[2]).toContain("قاعة ٧");
    expect(next[3]).toBe(keys[3]);
    // And back: the row's JSON again, not the edited one.
    const back = meetingKeys(parseSheet(tabs));
    expect(back[2]).toBe(JSON.stringify(first.meetings[2]));
  });
});
