// The timing rules every outbox transition shares (src/outbox/row.ts).
import { describe, expect, it } from "vitest";
import { backoffMs, CLAIM_LEASE_MS, MAX_ATTEMPTS, STOP_REASONS } from "../../../src/outbox/row.ts";

const MINUTE = 60 * 1000;

describe("the outbox's rules", () => {
  it("waits longer after each transient failure, at most an hour", () => {
    expect([1, 2, 3, 4, 5, 9].map(backoffMs)).toEqual(
      [1, 5, 15, 60, 60, 60].map((m) => m * MINUTE),
    );
  });

  it("gives a claim ten minutes, five tries in all, and two reasons to stop a row", () => {
    expect(CLAIM_LEASE_MS).toBe(10 * MINUTE);
    expect(MAX_ATTEMPTS).toBe(5);
    expect(STOP_REASONS).toEqual(["unsubscribed", "suppressed"]);
  });
});
