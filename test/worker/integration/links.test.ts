// RSVP links: a token verifies only with the secret that signed it, for the
// meeting, address and answer it was made for, and only until it expires.
import { describe, expect, it } from "vitest";
import { rsvpLinks, signRsvp, verifyRsvp } from "../../../src/delivery/links.ts";

const SECRET = "test-signing-secret-0123456789abcdef";
const claim = {
  meetingId: "2027-03-10-ocha-briefing",
  email: "relief.network@example.org",
  response: "accepted" as const,
  expires: 2_000_000_000,
};
const now = new Date("2026-11-29T10:00:00Z");

describe("RSVP links", () => {
  it("verify with the secret that signed them and give back what was signed", async () => {
    const token = await signRsvp(SECRET, claim);
    expect(await verifyRsvp(SECRET, token, now)).toEqual({ ok: true, claim });
  });

  it("do not verify with another secret", async () => {
    const token = await signRsvp(SECRET, claim);
    expect(await verifyRsvp(`${SECRET}-other`, token, now)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("do not verify when the signed part is changed to answer for someone else", async () => {
    const token = await signRsvp(SECRET, claim);
    const [, mac] = token.split(".");
    const forged = await signRsvp("another-secret-0123456789abcdef0123", {
      ...claim,
      email: "someone.else@example.org",
    });
    const [body] = forged.split(".");
    expect((await verifyRsvp(SECRET, `${body}.${mac}`, now)).ok).toBe(false);
  });

  it("do not verify after they expire", async () => {
    const token = await signRsvp(SECRET, { ...claim, expires: 1_700_000_000 });
    expect(await verifyRsvp(SECRET, token, now)).toEqual({ ok: false, reason: "expired" });
  });

  it("call a token with extra parts malformed", async () => {
    expect(await verifyRsvp(SECRET, "a.b.c", now)).toEqual({ ok: false, reason: "malformed" });
  });

  it("point at the public site's /rsvp path with one answer each", async () => {
    const links = await rsvpLinks(
      SECRET,
      "https://liqaa.example.org/",
      claim.meetingId,
      claim.email,
      claim.expires,
    );
    expect(links.accept).toMatch(
      /^https:\/\/liqaa\.example\.org\/rsvp\/[\w-]+\.[\w-]+\?r=accepted$/,
    );
    const token = links.decline.slice("https://liqaa.example.org/rsvp/".length).split("?")[0] ?? "";
    const verified = await verifyRsvp(SECRET, token, now);
    expect(verified.ok && verified.claim.response).toBe("declined");
  });
});
