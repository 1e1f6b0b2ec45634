// A memo for values each sync rebuilds from mostly the same inputs (a feed
// item per meeting): what one build used is kept for the next, the rest is
// dropped, so it holds at most two builds' entries whatever the isolate's age.
// An optimisation only: a cold isolate starts empty and builds the same values.

/** Entries above this are never kept: a runaway caller cannot grow the isolate's memory. */
const MAX_ENTRIES = 50_000;

export class BuildMemo<V> {
  #previous = new Map<string, V>();
  #current = new Map<string, V>();

  /** The value for `key`, from this build or the last one, else made now. */
  get(key: string, make: () => V): V {
    let value = this.#current.get(key);
    if (value !== undefined) return value;
    value = this.#previous.get(key) ?? make();
    if (this.#current.size < MAX_ENTRIES) this.#current.set(key, value);
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
