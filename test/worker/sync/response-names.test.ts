// The Responses lines name each invitee as Contacts does. The names are made
// once per parsed Contacts list (responses.ts contactNames): a list parsed
// anew, with a name staff changed, must show the new name, never the old one.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { plan } from "../../../src/sync/plan.ts";
import { responseLines } from "../../../src/sync/responses.ts";
import { loadState, recordPlan } from "../../../src/sync/store.ts";
import { contact, sheet } from "./fixtures.ts";

const db = env.DB;
const now = new Date("2026-12-01T09:00:00Z");

beforeEach(async () => {
  await db.batch([
    db.prepare("DELETE FROM outbox"),
    db.prepare("DELETE FROM invitations"),
    db.prepare("DELETE FROM meetings"),
  ]);
});

describe("the Responses lines' names", () => {
  it("follow a Contacts list parsed anew, and stay with the list they were made from", async () => {
    const before = sheet({
      contacts: [contact("amal@ngo.example", { name: "Amal" }), contact("bilal@ngo.example")],
    });
    const state = await loadState(db);
    await recordPlan(db, plan({ sheet: before, state, now }), {
      version: state.version,
      runId: "r",
      now,
    });
    const amal = (lines: { email: string; name: string }[]) =>
      lines.find((l) => l.email === "amal@ngo.example")?.name;
    expect(amal(await responseLines(db, before, "en", []))).toBe("Amal");
    const renamed = sheet({
      contacts: [contact("amal@ngo.example", { name: "Amal K." }), contact("bilal@ngo.example")],
    });
    expect(amal(await responseLines(db, renamed, "en", []))).toBe("Amal K.");
    expect(amal(await responseLines(db, before, "en", []))).toBe("Amal");
  });
});
