// The problem digest: one email to each staff address when the sheet's set of
// problems differs from the last digest that address was actually SENT (not
// merely queued), at most one per address every `Digest interval (minutes)` of
// Settings. A sheet edited six times in two minutes gives one digest; a set that
// changed and changed back within the interval gives none. Its subject counts
// the problems new and fixed since the last digest sent.
//
// Memory: the outbox rows themselves (key `digest|<email>|problems|<n>`, n the
// round's number, its sequence) say when each address last got one and which
// round that was; sync_meta keeps each round's set of problems (to count new and
// fixed) and, per address, when a clean sheet became its baseline. Two
// overlapping syncs compute the same round number, so their rows share keys and
// only the first is inserted; its set is stored in the same transaction, first
// writer wins too.
import { insertComposed, insertedCount } from "../outbox/insert.ts";
import {
  PROBLEM_DIGEST_KEY,
  type ProblemDigestRow,
  problemDigestStatements,
  problemDigestsFrom,
} from "../outbox/reads.ts";
import type { Problem, Settings } from "../sheet/types.ts";
import {
  type DigestDeps,
  type DigestResult,
  type DigestTo,
  metaFrom,
  metaStatement,
  problemLines,
  problemSetHash,
  readMeta,
  recipientsOf,
  renderDigests,
  staffAddresses,
  stoppedStatement,
  writeMeta,
} from "./digest.ts";

/** A round's set: its hash, and its problems as lines. */
interface RoundSet {
  hash: string;
  lines: string[];
}

/** Rounds' keys sort by number: zero-padded. */
const setKey = (sheetId: string, n: number) =>
  `digest-set:${sheetId}:${String(n).padStart(10, "0")}`;
/** Per address, when a clean sheet became what the next digest is compared with. */
const cleanKey = (sheetId: string) => `digest-clean:${sheetId}`;

const MINUTE_MS = 60 * 1000;
const IN_FLIGHT = new Set(["pending", "claimed", "failed_transient"]);

export interface ProblemDigestInput {
  settings: Settings;
  problems: Problem[];
  /**
   * Statements of the caller's to run first, in the digest's first batch (the
   * Settings remembered for an outage's digest, run.ts): one round trip less.
   */
  first?: readonly D1PreparedStatement[];
  /**
   * Reads of the caller's that must see the digest's rows (the mail due for
   * the Queue, run.ts): run last in the digest's read batch, and again after
   * its inserts when it writes any. One round trip less.
   */
  last?: readonly D1PreparedStatement[];
}

/** A problem digest's outcome, with what the caller's `last` statements read. */
export type ProblemDigestResult = DigestResult & { last: D1Result[] };

/** What an address's next digest is compared with. */
interface Baseline {
  hash: string;
  lines: readonly string[];
}

export async function queueProblemDigest(
  deps: DigestDeps,
  input: ProblemDigestInput,
): Promise<ProblemDigestResult> {
  const { db, now } = deps;
  const last = input.last ?? [];
  const lines = problemLines(input.problems);
  const hash = await problemSetHash(input.problems);
  const empty: Baseline = { hash: await problemSetHash([]), lines: [] };
  const intervalMs = (input.settings.digest_minutes ?? 15) * MINUTE_MS;

  const first = input.first ?? [];
  if (staffAddresses(input.settings).length === 0) {
    const ran = first.length + last.length > 0 ? await db.batch([...first, ...last]) : [];
    return { queued: 0, skipped: "no_staff", last: ran.slice(first.length) };
  }
  // Who takes the digest, the digests so far and the clean baselines: one round trip.
  const ran = await db.batch([
    ...first,
    stoppedStatement(db),
    ...problemDigestStatements(db),
    metaStatement(db, cleanKey(deps.sheetId)),
    ...last,
  ]);
  let lastRead = ran.slice(ran.length - last.length);
  const read = ran.slice(0, ran.length - last.length);
  const staff = recipientsOf(input.settings, read[first.length]);
  if (staff.length === 0) return { queued: 0, skipped: "no_staff", last: lastRead };
  const { rows, lastNumber } = problemDigestsFrom(read.slice(first.length + 1, -1));
  const clean = metaFrom<Record<string, string>>(read[read.length - 1]) ?? {};
  const byEmail = new Map<string, { latest?: ProblemDigestRow; sent?: ProblemDigestRow }>();
  for (const row of rows) {
    const entry = byEmail.get(row.email) ?? {};
    // Rows come in id order: the last one is the latest, the last sent one the latest sent.
    entry.latest = row;
    if (row.state === "sent") entry.sent = row;
    byEmail.set(row.email, entry);
  }
  const sets = new Map<number, RoundSet>();
  const setOf = async (n: number): Promise<RoundSet | null> => {
    if (!sets.has(n)) {
      const found = await readMeta<RoundSet>(db, setKey(deps.sheetId, n));
      if (found) sets.set(n, found);
    }
    return sets.get(n) ?? null;
  };

  const round = lastNumber + 1;
  const due: DigestTo[] = [];
  const cleaned: string[] = [];
  let waiting = false;
  for (const email of staff) {
    const { latest, sent } = byEmail.get(email) ?? {};
    const last = latest ? Date.parse(latest.created_at) : null;
    // One digest at a time, and at most one per interval: what changes meanwhile waits for the next.
    if (latest && (IN_FLIGHT.has(latest.state) || (last ?? 0) + intervalMs > now.getTime())) {
      waiting = true;
      continue;
    }
    const cleanAt = clean[email];
    const sentAt = sent ? Date.parse(sent.updated_at) : null;
    const baseline: Baseline =
      sent && (cleanAt === undefined || Date.parse(cleanAt) < (sentAt ?? 0))
        ? ((await setOf(sent.sequence)) ?? { hash: "", lines: [] })
        : empty;
    if (baseline.hash === hash) continue;
    if (lines.length === 0) {
      // A clean sheet needs no email; the next problem is news again.
      cleaned.push(email);
      continue;
    }
    const before = new Set(baseline.lines);
    const nowSet = new Set(lines);
    const changes = {
      added: lines.filter((l) => !before.has(l)).length,
      fixed: baseline.lines.filter((l) => !nowSet.has(l)).length,
    };
    due.push({ email, key: PROBLEM_DIGEST_KEY(email, round), sequence: round, changes });
  }

  const statements: D1PreparedStatement[] = [];
  if (cleaned.length > 0) {
    const at = now.toISOString();
    const next = { ...clean, ...Object.fromEntries(cleaned.map((email) => [email, at])) };
    statements.push(writeMeta(db, cleanKey(deps.sheetId), next, now));
  }
  const rendered = due.length > 0 ? await renderDigests(deps, input, due) : null;
  const inserts = insertComposed(db, rendered?.rows ?? [], { runId: deps.runId, now });
  if (inserts.length > 0) {
    statements.push(
      db
        .prepare(
          "INSERT INTO sync_meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
        )
        .bind(
          setKey(deps.sheetId, round),
          JSON.stringify({ hash, lines } satisfies RoundSet),
          now.toISOString(),
        ),
    );
    // Rounds older than every address's last sent one are never compared with again.
    const oldest = Math.min(...rows.filter((r) => r.state === "sent").map((r) => r.sequence));
    if (Number.isFinite(oldest)) {
      statements.push(
        db
          .prepare("DELETE FROM sync_meta WHERE key >= ? AND key < ?")
          .bind(setKey(deps.sheetId, 0), setKey(deps.sheetId, oldest)),
      );
    }
  }
  const written = [...inserts, ...statements];
  // Read again only after new rows: the other writes touch no outbox row.
  const again = inserts.length > 0 ? last : [];
  const results = written.length > 0 ? await db.batch([...written, ...again]) : [];
  if (again.length > 0) lastRead = results.slice(written.length);
  const queued = insertedCount(results.slice(0, inserts.length));
  if (queued > 0) return { queued, skipped: null, last: lastRead };
  if (rendered?.skipped) return { queued: 0, skipped: rendered.skipped, last: lastRead };
  return {
    queued: 0,
    skipped: lines.length === 0 ? "no_problems" : waiting ? "waiting" : "unchanged",
    last: lastRead,
  };
}
