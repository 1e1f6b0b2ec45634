// text.ts takes shortcuts for plain cells and folds in one pass; these pin that it
// still says exactly what the step-by-step definitions say, for any text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeHeader } from "../../../src/sheet/contract.ts";
import { headerKey } from "../../../src/sheet/fields.ts";
import { cleanText, fieldText, isBlank } from "../../../src/sheet/text.ts";

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u061C]/g;
const EDGE_INVISIBLE =
  /^[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u061C]+|[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u061C]+$/g;

/** fieldText as the contract defines it, one rule after another. */
const fieldTextByRules = (text: string) =>
  text
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066B/g, ".")
    .replace(/[\u066C\u060C]/g, ",")
    .replace(/\u061B/g, ";")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u2215\u2044]/g, "/")
    .replace(/\s+/g, " ")
    .trim();

const cleanTextByRules = (text: string) =>
  text.normalize("NFC").replace(/\r\n?/g, "\n").replace(EDGE_INVISIBLE, "");

// The characters the rules are about, Arabic with and without marks, and anything at all.
const tricky = [
  ..." \t\r\n\u00A0\u3000\u200B\u200F\u202A\u2066\uFEFF\u00AD\u061C",
  ..."\u0660\u0665\u06F3\u066B\u066C\u060C\u061B\u061F\u2010\u2013\u2011\u2212\u2215\u2044\uFF11",
  ..."aZ09/:-.,@ابتةىأإآٱﻻ\u0627\u0653\u0640\u064B\u064F\u0651\u0670صİẞ",
];
const text = fc.oneof(
  fc.array(fc.constantFrom(...tricky), { maxLength: 12 }).map((chars) => chars.join("")),
  fc.string({ unit: "binary", maxLength: 12 }),
);

/** Checks `check` on 3000 texts drawn from `text`. */
const forAnyText = (check: (t: string) => void) =>
  fc.assert(
    fc.property(text, (t) => {
      check(t);
    }),
    { numRuns: 3000 },
  );

describe("cell text", () => {
  it("fieldText folds exactly as its rules say, for any text", () => {
    forAnyText((t) => expect(fieldText(t)).toBe(fieldTextByRules(t)));
  });

  it("cleanText cleans exactly as its rules say, for any text", () => {
    forAnyText((t) => expect(cleanText(t)).toBe(cleanTextByRules(t)));
  });

  it("a cell is blank exactly when its folded text is empty", () => {
    forAnyText((t) => expect(isBlank(t)).toBe(fieldTextByRules(t) === ""));
  });
});

describe("header keys", () => {
  it("headerKey is normalizeHeader, for any text", () => {
    forAnyText((t) => expect(headerKey(t)).toBe(normalizeHeader(t)));
  });
});
