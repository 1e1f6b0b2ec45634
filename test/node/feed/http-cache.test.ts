// The ETag hash: the 64-bit FNV-1a it always was (so ETags survive the change away
// from BigInt), checked against the published test vectors and a BigInt reference.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fnv1a64 } from "../../../src/feed/http-cache.ts";

function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

describe("fnv1a64", () => {
  it("gives the published FNV-1a 64-bit values", () => {
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar")).toBe("85944171f73967e8");
  });

  it("agrees with a BigInt FNV-1a over the UTF-8 bytes of any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => {
        expect(fnv1a64(text)).toBe(reference(text));
      }),
    );
  });
});
