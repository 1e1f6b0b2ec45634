// A memo for values each sync rebuilds from mostly the same inputs (a feed
// item per meeting): what one build used is kept for the next, and what
// builds no longer use is dropped, so it holds at most about two builds'
// entries whatever the isolate's age. An optimisation only: a cold isolate
// starts empty and builds the same values.

/** Entries above this are never kept: a runaway caller cannot grow the isolate's memory. */
const MAX_ENTRIES = 50_000;

interface Entry<V> {
  text: string;
  value: V;
  /** The last build that used it. */
  used: number;
}

/**
 * Values by a short name (a meeting's ID) and the full text they were made
 * from (its JSON): a value is reused only for the very same text. Looking a
 * name up and comparing two texts costs less than hashing the texts as keys.
 * One map, each entry stamped with the build that last used it: a build that
 * reuses its entries writes no map (a map per build cost an insert per entry).
 */
export class BuildMemo<V, Name extends string | number = string> {
  #entries = new Map<Name, Entry<V>>();
  #build = 0;
  /** Entries this build used. */
  #used = 0;

  /** The value made from `text`, from this build or an earlier one, else made now. */
  get(name: Name, text: string, make: () => V): V {
    const known = this.#entries.get(name);
    if (known?.text === text) {
      if (known.used !== this.#build) {
        known.used = this.#build;
        this.#used++;
      }
      return known.value;
    }
    const value = make();
    if (known !== undefined || this.#entries.size < MAX_ENTRIES) {
      if (known?.used !== this.#build) this.#used++;
      this.#entries.set(name, { text, value, used: this.#build });
    }
    return value;
  }

  /** Ends a build: once most entries are ones it did not use, they are dropped. */
  turn(): void {
    if (this.#entries.size > 2 * this.#used + 16) {
      for (const [name, entry] of this.#entries) {
        if (entry.used !== this.#build) this.#entries.delete(name);
      }
    }
    this.#build++;
    this.#used = 0;
  }

  clear(): void {
    this.#entries = new Map();
    this.#used = 0;
  }
}
