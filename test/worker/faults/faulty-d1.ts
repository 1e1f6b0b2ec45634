// Fault injection for D1: a wrapper around the real env.DB that refuses the next
// write whose SQL matches a pattern, once, as D1 does when it is overloaded or a
// storage operation is reset, and passes everything else through. The real D1
// does all the work; only the one refusal is made up.

/** The error D1 gives for a refused statement (the message shape D1 uses). */
export class InjectedD1Error extends Error {
  constructor(sql: string) {
    super(`D1_ERROR: Network connection lost. (injected fault at: ${sql.slice(0, 80)})`);
    this.name = "Error";
  }
}

export interface FaultyD1 {
  db: D1Database;
  /** How many statements were refused so far (0 or 1). */
  refused(): number;
}

const SQL = Symbol("sql");
type Tagged = D1PreparedStatement & { [SQL]?: string; real?: D1PreparedStatement };

/**
 * `refuse` matches the SQL of the write to refuse. The first statement that
 * matches, run on its own or inside a batch (which D1 runs as one transaction,
 * so the whole batch is refused), throws; later ones go through.
 */
export function faultyD1(real: D1Database, refuse: RegExp): FaultyD1 {
  let armed = true;
  let refusedCount = 0;
  const trip = (sql: string) => {
    if (!armed || !refuse.test(sql)) return;
    armed = false;
    refusedCount += 1;
    throw new InjectedD1Error(sql);
  };

  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const wrapped = {
      [SQL]: sql,
      real: statement,
      bind: (...values: unknown[]) => wrap(statement.bind(...values), sql),
      first: (column?: string) => {
        trip(sql);
        return column === undefined ? statement.first() : statement.first(column);
      },
      run: () => {
        trip(sql);
        return statement.run();
      },
      all: () => {
        trip(sql);
        return statement.all();
      },
      raw: (options?: { columnNames?: boolean }) => {
        trip(sql);
        // D1's raw() overloads differ by columnNames; the wrapper passes the same options through.
        return statement.raw(options as { columnNames: true });
      },
    };
    // A stand-in statement object: D1PreparedStatement is a class the wrapper cannot extend.
    return wrapped as unknown as D1PreparedStatement;
  };

  const db = {
    prepare: (sql: string) => wrap(real.prepare(sql), sql),
    batch: async (statements: D1PreparedStatement[]) => {
      const tagged = statements as Tagged[];
      for (const s of tagged) trip(s[SQL] ?? "");
      return real.batch(tagged.map((s) => s.real ?? s));
    },
    exec: (query: string) => {
      trip(query);
      return real.exec(query);
    },
    withSession: (constraint?: string) => real.withSession(constraint),
    dump: () => real.dump(),
  };
  return {
    // Only the members Liqaa calls are wrapped; the type is D1Database's.
    db: db as unknown as D1Database,
    refused: () => refusedCount,
  };
}
