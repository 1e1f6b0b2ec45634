// Memories of the cells a Meetings tab repeats, for one parse.
import { parseDate } from "./dates.ts";
import { parseTime } from "./times.ts";
import type { Cell } from "./types.ts";

/**
 * parseDate and parseTime of the Date, Start and End cells a tab repeats (many
 * meetings share a day; most share a handful of times), read once per parse.
 * Both are pure functions of the cell, and their results are only read.
 */
export class CellMemory {
  readonly date = memoryOf(parseDate);
  readonly time = memoryOf(parseTime);
}

/** A pure reader of a cell, remembering its answer for each string cell. */
function memoryOf<T>(read: (cell: Cell) => T): (cell: Cell) => T {
  const answers = new Map<string, T>();
  return (cell) => {
    if (typeof cell !== "string") return read(cell);
    let answer = answers.get(cell);
    if (answer === undefined) {
      answer = read(cell);
      answers.set(cell, answer);
    }
    return answer;
  };
}
