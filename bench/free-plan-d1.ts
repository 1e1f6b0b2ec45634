// A D1Database for the free-plan profile (free-plan-profile.ts), over Node's
// own SQLite (node:sqlite, Node 22): the sync's code runs in Node with its SQL
// in the same process, so V8's profiler sees the Worker's part and SQLite's
// apart (every statement runs inside `sqliteExec`). Miniflare's Node proxy
// would not do: each prepare() and bind() is a synchronous round trip to
// workerd, which costs more than what it measures. Only what Liqaa uses of
// D1: prepare/bind/first/all/run/raw and batch (one transaction).
import { DatabaseSync, type StatementSync } from "node:sqlite";

type Value = null | number | bigint | string | Uint8Array;

/** Where SQLite's own time goes in a profile: every statement runs in here. */
function sqliteExec(stmt: StatementSync, values: Value[]) {
  if (stmt.columns().length > 0) {
    const rows = stmt.all(...values) as Record<string, unknown>[];
    return { rows, changes: rows.length, last: 0 };
  }
  const r = stmt.run(...values);
  return { rows: [], changes: Number(r.changes), last: Number(r.lastInsertRowid) };
}

export interface SqliteD1 {
  db: D1Database;
  /** Statements run, a batch's each counted (as the free-plan bench counts them). */
  statements: number;
}

export function sqliteD1(): SqliteD1 {
  const sqlite = new DatabaseSync(":memory:");
  const cache = new Map<string, StatementSync>();
  const compiled = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = sqlite.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const out: SqliteD1 = { db: undefined as unknown as D1Database, statements: 0 };
  const exec = (sql: string, values: Value[]) => {
    out.statements++;
    const r = sqliteExec(compiled(sql), values);
    return {
      success: true,
      results: r.rows,
      meta: { changes: r.changes, last_row_id: r.last, rows_read: 0, rows_written: r.changes },
    };
  };
  class Stmt {
    readonly sql: string;
    readonly values: Value[];
    constructor(sql: string, values: Value[] = []) {
      this.sql = sql;
      this.values = values;
    }
    bind(...values: unknown[]) {
      return new Stmt(
        this.sql,
        values.map((v) => (typeof v === "boolean" ? Number(v) : v)) as Value[],
      );
    }
    async first(column?: string) {
      const row = (exec(this.sql, this.values).results[0] ?? null) as Record<
        string,
        unknown
      > | null;
      return column === undefined || row === null ? row : row[column];
    }
    async all() {
      return exec(this.sql, this.values);
    }
    async run() {
      return exec(this.sql, this.values);
    }
    async raw() {
      return exec(this.sql, this.values).results.map((r) => Object.values(r));
    }
  }
  const db = {
    prepare: (sql: string) => new Stmt(sql),
    async batch(stmts: Stmt[]) {
      sqlite.exec("BEGIN");
      try {
        const results = stmts.map((s) => exec(s.sql, s.values));
        sqlite.exec("COMMIT");
        return results;
      } catch (error) {
        sqlite.exec("ROLLBACK");
        throw error;
      }
    },
    async exec(sql: string) {
      sqlite.exec(sql);
      return { count: 1, duration: 0 };
    },
  };
  out.db = db as unknown as D1Database;
  return out;
}
