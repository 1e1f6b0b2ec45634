// A memo for values each sync rebuilds from mostly the same inputs (a feed
// item per meeting): what one build used is kept for the next, the rest is
// dropped, so it holds at most two builds' entries whatever the isolate's age.
// An optimisation only: a cold isolate starts empty and builds the same values.

/** Entries above this are never kept: a runaway caller cannot grow the isolate's memory. */
const MAX_ENTRIES = 50_000;

interface Entry<V> {
  text: string;
  value: V;
}

/**
 * Values by a short name (a meeting's ID) and the full text they were made
 * from (its JSON): a value is reused only for the very same text. Looking a
 * name up and comparing two texts costs less than hashing the texts as keys.
 */
export class BuildMemo<V, Name extends string | number = string> {
  #previous = new Map<Name, Entry<V>>();
  #current = new Map<Name, Entry<V>>();

  /** The value made from `text`, from this build or the last one, else made now. */
  get(name: Name, text: string, make: () => V): V {
    const now = this.#current.get(name);
    if (now?.text === text) return now.value;
    const before = this.#previous.get(name);
    const value = before?.text === text ? before.value : make();
    if (this.#current.size < MAX_ENTRIES) this.#current.set(name, { text, value });
    return value;
  }

  /** Ends a build: the next one keeps only what this one used. */
  turn(): void {
    this.#previous = this.#current;
    this.#current = new Map();
  }

  clear(): void {
    this.#previous = new Map();
    this.#current = new Map();
  }
}
