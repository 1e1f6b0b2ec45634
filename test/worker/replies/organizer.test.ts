// The Sync log warns when REPLIES_ADDRESS is set outside the sender's domain:
// the invitations then name the sender as ORGANIZER and no calendar answer is read.
import { expect, it } from "vitest";
import { organizerProblem } from "../../../src/replies/events.ts";

it("warns, in both languages, when the replies address is outside the sender's domain", () => {
  const p = organizerProblem("Network <secretariat@network.example>", "replies@other.example");
  expect(p).toMatchObject({
    code: "reply.organizer_domain",
    severity: "warning",
    value: "replies@other.example",
  });
  expect(p?.message.en).toContain("secretariat@network.example");
  expect(p?.message.ar).toContain("replies@other.example");
});

it("says nothing when the domains agree (in any case), or when either address is unset", () => {
  expect(organizerProblem("secretariat@Network.example", "replies@network.EXAMPLE")).toBeNull();
  expect(organizerProblem(null, "replies@network.example")).toBeNull();
  expect(organizerProblem("secretariat@network.example", null)).toBeNull();
});
