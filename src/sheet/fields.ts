// Reading the smaller fields of a row: email addresses, links, time zones,
// dropdown words in either language, yes/no flags and lists.
import { type Choice, normalizeHeader } from "./contract.ts";
import { fieldText } from "./text.ts";
import type { Cell } from "./types.ts";

// A practical RFC 5322 address: a dot-atom local part and a domain of labels,
// where a label may be in any script (IDN) or already in punycode.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?$/u;
const TLD = /^(?:\p{L}[\p{L}\p{M}]{1,62}|xn--[a-z0-9-]{1,59})$/u;

/**
 * An email address as Liqaa keeps it (domain lower-cased, local part as
 * written), or null. Accepts `Name <address>` and `mailto:` as people paste them.
 */
export function parseEmail(cell: Cell | string): string | null {
  let text = fieldText(cell);
  const angle = /<([^<>]*)>\s*$/.exec(text);
  if (angle) text = angle[1]!.trim();
  text = text.replace(/^mailto:/i, "");
  const at = text.lastIndexOf("@");
  if (at <= 0 || at > 64 || text.length > 254) return null;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase();
  if (!LOCAL.test(local)) return null;
  const labels = domain.split(".");
  if (labels.length < 2) return null;
  if (!labels.every((label) => LABEL.test(label))) return null;
  if (!TLD.test(labels[labels.length - 1]!)) return null;
  return `${local}@${domain}`;
}

/** The key two addresses are compared by: the same mailbox whatever the case. */
export function emailKey(email: string): string {
  return email.toLowerCase();
}

/** An http(s) link with a real host, as text; null for anything else (javascript:, a bare word). */
export function parseUrl(cell: Cell): string | null {
  const text = fieldText(cell);
  if (!/^https?:\/\//i.test(text) || /\s/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username !== "" || url.password !== "") return null;
  if (!url.hostname.includes(".") && url.hostname !== "localhost") return null;
  return url.href;
}

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/** The canonical IANA name of a time zone, or null when the runtime knows no such zone. */
export function parseTimeZone(cell: Cell | string): string | null {
  const text = fieldText(cell);
  if (!ZONE_NAME.test(text)) return null;
  try {
    // Throws RangeError for a zone it does not know; that is the check.
    return new Intl.DateTimeFormat("en", { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** For "Istanbul" or "damascus": the full zone name staff probably meant, to put in the message. */
export function suggestTimeZone(text: string): string | null {
  const city = fieldText(text).replace(/\s+/g, "_");
  if (city === "" || city.includes("/")) return null;
  for (const area of ["Europe", "Asia", "Africa", "America", "Australia", "Pacific", "Atlantic"]) {
    const zone = parseTimeZone(`${area}/${city}`);
    if (zone) return zone;
  }
  return null;
}

/** The choice a dropdown word stands for, in English or Arabic, or through one of its extra spellings. */
export function parseChoice<C extends Choice>(
  cell: Cell,
  choices: readonly C[],
  synonyms: Readonly<Record<string, C["value"]>> = {},
): C["value"] | null {
  const word = wordKey(cell);
  if (word === "") return null;
  for (const choice of choices) {
    if (
      word === wordKey(choice.value) ||
      word === wordKey(choice.en) ||
      word === wordKey(choice.ar)
    ) {
      return choice.value;
    }
  }
  for (const [spelling, value] of Object.entries(synonyms)) {
    if (word === wordKey(spelling)) return value;
  }
  return null;
}

/** Dropdown words compared loosely: taa marbuta and haa, with or without a trailing full stop. */
function wordKey(cell: Cell | string): string {
  return normalizeHeader(fieldText(cell))
    .replace(/ة/g, "ه")
    .replace(/[.!]+$/, "");
}

const YES = ["yes", "y", "true", "1", "x", "✓", "✔", "نعم", "اجل", "صح"];
const NO = ["no", "n", "false", "0", "لا", "خطا"];

/** A yes/no cell: words in both languages, and the TRUE/FALSE a checkbox gives. */
export function parseYesNo(cell: Cell): boolean | null {
  if (typeof cell === "boolean") return cell;
  const word = wordKey(cell);
  if (YES.includes(word)) return true;
  if (NO.includes(word)) return false;
  return null;
}

/** Splits a list cell on , ، ; ؛ and new lines; drops empty items. */
export function splitList(cell: Cell): string[] {
  return fieldText(typeof cell === "string" ? cell.replace(/[\r\n]+/g, ",") : cell)
    .split(/[,;]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
