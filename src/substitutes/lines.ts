// The Responses tab's Substitute cells (src/sync/responses.ts makes the lines):
// an original's line names who replaces them, each line of a substitute names
// whom they replace and carries the substitute's own name, and a refused one
// says so. A substitute's cell is never blank while they stand: blank is how
// staff refuse them (cleared.ts).
import { normalizeEmail } from "../sheet/fields.ts";
import type { Contact, Lang } from "../sheet/types.ts";
import type { ResponseLine } from "../sync/write-back.ts";
import type { Substitute } from "./types.ts";
import { SUBSTITUTE_WORDS, who } from "./words.ts";

export function markSubstitutes(
  lines: ResponseLine[],
  substitutes: readonly Substitute[],
  contacts: readonly Contact[],
  lang: Lang,
): void {
  if (substitutes.length === 0) return;
  const w = SUBSTITUTE_WORDS[lang];
  const people = new Map(contacts.map((c) => [normalizeEmail(c.email), c]));
  // The latest substitute of each line wins (an original may name again after a refusal).
  const asOriginal = new Map<string, Substitute>();
  const asSubstitute = new Map<string, Substitute>();
  for (const s of substitutes) {
    const original = `${s.meeting_id}|${s.original}`;
    const prior = asOriginal.get(original);
    if (prior === undefined || prior.refused_at !== null) asOriginal.set(original, s);
    asSubstitute.set(`${s.meeting_id}|${s.email}`, s);
  }
  for (const line of lines) {
    const key = `${line.meeting_id}|${line.email}`;
    const mine = asSubstitute.get(key);
    if (mine) {
      const original = people.get(mine.original);
      const text = who(original?.name ?? null, mine.original, original?.organization ?? null);
      const from = mine.source === "calendar" ? w.calendar : "";
      line.substitute =
        (mine.refused_at === null ? w.substituteFor(text) : w.refusedFor(text)) + from;
      if (line.name === "" && mine.name) line.name = mine.name;
      continue;
    }
    const named = asOriginal.get(key);
    if (named) {
      const text = who(named.name, named.email);
      line.substitute = named.refused_at === null ? w.replacedBy(text) : w.refused(text);
    }
  }
}
