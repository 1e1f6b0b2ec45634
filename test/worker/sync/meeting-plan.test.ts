// MeetingPlan builds each email's idempotency key from shared pieces (the
// meeting's `id|`, the address, a remembered `|kind|SEQUENCE`) to keep fewer
// strings: the key must read exactly as idempotencyKey writes it, since the
// outbox, D1 and every Message-ID are keyed by it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MEETING_KINDS } from "../../../src/outbox/kinds.ts";
import { MeetingPlan } from "../../../src/sync/meeting-plan.ts";
import { idempotencyKey } from "../../../src/sync/types.ts";
import { emptyState } from "./fixtures.ts";

describe("MeetingPlan's idempotency keys", () => {
  it("read as idempotencyKey writes them, for any ID, address, kind and SEQUENCE", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.oneof(fc.emailAddress(), fc.string()),
        fc.constantFrom(...MEETING_KINDS),
        fc.oneof(fc.nat(120), fc.integer(), fc.constantFrom(0, 1, 100, 101, 1e6)),
        (id, email, kind, sequence) => {
          const mp = new MeetingPlan(id, emptyState());
          // Twice: the second key is made from the remembered end.
          for (let i = 0; i < 2; i++) {
            expect(mp.send({ email, language: "ar" }, kind, sequence)).toBe(true);
            expect(mp.emails[i]?.key).toBe(idempotencyKey(id, email, kind, sequence));
          }
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
