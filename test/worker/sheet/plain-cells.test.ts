// The parser's fast paths (src/sheet/plain-cells.ts) against the general
// readers they stand in for, on generated cells: where a fast path answers, it
// must answer exactly what the general reader does, for the plain shapes and
// the tricky ones next to them (spaces, direction marks, Arabic-Indic digits,
// upper case, odd punctuation).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeEmail, parseEmail, splitListText } from "../../../src/sheet/fields.ts";
import { idKey } from "../../../src/sheet/ids.ts";
import { commonCells, plainAddress, plainList } from "../../../src/sheet/plain-cells.ts";
import type { Cell } from "../../../src/sheet/types.ts";

/** Characters that make a cell look plain, or nearly: the fast paths' borders. */
const TRICKY = [
  " ",
  "  ",
  "\u200F",
  "\u200E",
  "\u202B",
  "\u061C",
  "\uFEFF",
  "\u00A0",
  "\t",
  "\n",
  "٠",
  "٣",
  "۵",
  "،",
  "؛",
  "\u2010",
  "\u2212",
  "\u2215",
  "-",
  "/",
  ".",
  "..",
  ":",
  "@",
  "<",
  ">",
  "mailto:",
  "MAILTO:",
  "A",
  "Z",
  "é",
  "ـ",
  "ة",
];

/** A string made of pieces of `alphabet` and the tricky characters. */
function mixed(alphabet: string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.constantFrom(...alphabet), fc.constantFrom(...TRICKY)), { maxLength: 30 })
    .map((parts) => parts.join(""));
}

const emailLike: fc.Arbitrary<string> = fc.oneof(
  fc.emailAddress(),
  fc.emailAddress().map((e) => e.toUpperCase()),
  fc.emailAddress().map((e) => `${e.slice(0, 1).toUpperCase()}${e.slice(1)}`),
  fc.tuple(fc.emailAddress(), fc.constantFrom(...TRICKY)).map(([e, t]) => `${t}${e}`),
  fc.tuple(fc.emailAddress(), fc.constantFrom(...TRICKY)).map(([e, t]) => `${e}${t}`),
  fc
    .tuple(fc.emailAddress(), fc.constantFrom(...TRICKY), fc.nat())
    .map(([e, t, n]) => `${e.slice(0, n % (e.length + 1))}${t}${e.slice(n % (e.length + 1))}`),
  fc.emailAddress().map((e) => `Name <${e}>`),
  mixed(["a", "b", "0", "9", "_", "%", "+", "x", "example", "org", "xn--"]),
  fc.constantFrom(
    "contact1@example.org",
    "Contact1@Example.org",
    "a..b@example.org",
    ".a@example.org",
    "a.@example.org",
    "a@-example.org",
    "a@example-.org",
    "a@example.o",
    "a@example.org.",
    `${"l".repeat(65)}@example.org`,
    `a@${"d".repeat(250)}.org`,
    "٣@example.org",
    "a@example.org\u200F",
  ),
);

const anyCell: fc.Arbitrary<Cell> = fc.oneof(
  emailLike,
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom<Cell>(null, undefined, ""),
);

describe("plainAddress answers as parseEmail does", () => {
  it("on generated cells", () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        const fast = plainAddress(cell);
        if (fast !== null) expect(fast).toBe(parseEmail(cell as string));
      }),
      { numRuns: 20_000 },
    );
  });

  it("takes the plain address, and leaves the rest to the general reader", () => {
    expect(plainAddress("contact1@example.org")).toBe("contact1@example.org");
    expect(plainAddress("Contact1@example.org")).toBe("Contact1@example.org");
    // parseEmail lower-cases the domain: not the plain shape.
    expect(plainAddress("a@Example.org")).toBeNull();
    expect(plainAddress(" a@example.org")).toBeNull();
    expect(plainAddress("a@example.org\u200F")).toBeNull();
    expect(plainAddress("٣@example.org")).toBeNull();
    expect(plainAddress(3)).toBeNull();
  });
});

describe("commonCells answers as its reader does", () => {
  it("on generated cells, for the words it keeps and any other", () => {
    const words = ["", "ar", "en", "نعم", "لا", "TRUE"];
    const read = (cell: Cell) => `${typeof cell}:${String(cell).trim().toLowerCase()}`;
    const fast = commonCells(read, words);
    fc.assert(
      fc.property(fc.oneof(anyCell, fc.constantFrom<Cell>(...words)), (cell) => {
        expect(fast(cell)).toBe(read(cell));
      }),
      { numRuns: 5_000 },
    );
  });
});

/** List cells: group names and addresses in both scripts, every separator, and the tricky characters. */
const listLike: fc.Arbitrary<Cell> = fc.oneof(
  mixed([
    "شبكات 12",
    "UN focal points 4",
    "contact1@example.org",
    ",",
    ", ",
    "، ",
    ";",
    "؛",
    "\n",
    "\r\n",
    "\r",
    " ",
    "   ",
    "x",
  ]),
  fc.string(),
  fc.constantFrom<Cell>("", " ", ",", "،،", "a,,b", " a ; b ", 3, true, null, undefined),
);

describe("plainList answers as the general splitList does", () => {
  it("on generated cells", () => {
    fc.assert(
      fc.property(listLike, (cell) => {
        const fast = plainList(cell);
        if (fast !== null) expect(fast).toEqual(splitListText(cell));
      }),
      { numRuns: 20_000 },
    );
  });

  it("takes the plain list, and leaves the rest to the general reader", () => {
    expect(plainList("شبكات 12، UN  focal points 4\ncontact1@example.org")).toEqual([
      "شبكات 12",
      "UN focal points 4",
      "contact1@example.org",
    ]);
    expect(plainList(" a ;; b ")).toEqual(["a", "b"]);
    expect(plainList("")).toEqual([]);
    expect(plainList("a\u200Fb")).toBeNull();
    expect(plainList("a\tb")).toBeNull();
    expect(plainList("٣")).toBeNull();
    expect(plainList(3)).toBeNull();
  });
});

describe("trimLower's shortcut (normalizeEmail, idKey) for text that is already its key", () => {
  it("answers trim().toLowerCase() on generated text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          emailLike,
          fc.string(),
          fc.string({ unit: "grapheme" }),
          mixed(["a", "@", "b.org"]),
        ),
        (text) => {
          expect(normalizeEmail(text)).toBe(text.trim().toLowerCase());
          expect(idKey(text)).toBe(text.trim().toLowerCase());
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
