// The Responses tab's Resend cells read as requests: yes in either language or
// a ticked checkbox, the line named by its Meeting ID and Email, once per line.
import { describe, expect, it } from "vitest";
import { RESPONSES_COLUMNS } from "../../../src/sheet/contract.ts";
import { resendRequests } from "../../../src/sheet/resend-requests.ts";
import type { Cell } from "../../../src/sheet/types.ts";

const AR = RESPONSES_COLUMNS.map((c) => c.ar);
const line = (id: string, email: string, resend: Cell): Cell[] =>
  RESPONSES_COLUMNS.map((c) =>
    c.key === "meeting_id" ? id : c.key === "email" ? email : c.key === "resend" ? resend : "",
  );

describe("resend requests", () => {
  it("reads yes, نعم and a ticked checkbox, and nothing else", () => {
    const grid = [
      AR,
      line("m-1", "a@x.org", "yes"),
      line("m-1", "b@x.org", " نعم "),
      line("m-2", "a@x.org", true),
      line("m-2", "b@x.org", "TRUE"),
      line("m-3", "a@x.org", "no"),
      line("m-3", "b@x.org", false),
      line("m-3", "c@x.org", ""),
      line("m-3", "d@x.org", "maybe"),
    ];
    expect(resendRequests({ الردود: grid })).toEqual([
      { meetingId: "m-1", email: "a@x.org", row: 2 },
      { meetingId: "m-1", email: "b@x.org", row: 3 },
      { meetingId: "m-2", email: "a@x.org", row: 4 },
      { meetingId: "m-2", email: "b@x.org", row: 5 },
    ]);
  });

  it("names a line by meeting and address, once, whatever its row or the columns' order", () => {
    const reversed = [...AR].reverse();
    const flip = (cells: Cell[]) => [...cells].reverse();
    const grid = [
      reversed,
      flip(line("m-1", "A@X.ORG", "yes")),
      flip(line("m-1", "a@x.org", "yes")),
      flip(line("", "a@x.org", "yes")),
      flip(line("m-1", "not an address", "yes")),
    ];
    expect(resendRequests({ Responses: grid })).toEqual([
      { meetingId: "m-1", email: "a@x.org", row: 2 },
    ]);
  });

  it("asks for nothing from a tab without the column, or no tab", () => {
    const old = RESPONSES_COLUMNS.filter((c) => c.key !== "resend");
    const grid = [old.map((c) => c.en), old.map(() => "yes")];
    expect(resendRequests({ Responses: grid })).toEqual([]);
    expect(resendRequests({})).toEqual([]);
  });
});
