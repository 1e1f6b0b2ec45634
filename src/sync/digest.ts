// The staff's digests: the outage digest, when Google has failed every sync for
// an hour (here), and the problem digest (problem-digest.ts, which shares the
// rendering and the recipients below). It goes through the outbox like any other mail
// (composed here, sent by the mailer), so it is sent at most once: its key holds
// the digest's number and the problem set's hash, and overlapping syncs that see
// the same change write the same key. During an outage there are no Settings to
// read, so the last good sync's Settings are remembered in sync_meta.
import { MailRenderError, mailLanguages, renderDigest } from "../mail/render.ts";
import {
  type ComposedMessage,
  insertComposed,
  insertedCount,
  type NewEmail,
} from "../outbox/insert.ts";
import { DIGEST_KIND } from "../outbox/kinds.ts";
import { normalizeEmail } from "../sheet/fields.ts";
import type { Problem, Settings } from "../sheet/types.ts";
import { unsubscribeUrl } from "../unsubscribe/token.ts";
import { messageIdFor } from "./compose.ts";

/** What the last digest was about, per spreadsheet. */
const digestKey = (sheetId: string, stream: DigestInputs["stream"] = "problems") =>
  stream === "problems" ? `digest:${sheetId}` : `digest:${stream}:${sheetId}`;
/** The Settings of the last good sync, per spreadsheet: the digest's sender and addresses during an outage. */
const settingsKey = (sheetId: string) => `settings:${sheetId}`;

interface DigestMeta {
  hash: string;
  /** How many digests this spreadsheet has had; the next one's number is part of its key. */
  count: number;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The identity of a set of problems: what is wrong where, in any order. The
 * outage warning is left out (its text counts minutes and it shows once, when
 * syncing is back), so a sheet's own problems are one set before and after it.
 */
const OUTSIDE_THE_SET = new Set([
  "google.outage",
  // A digest that could not be sent is shown in the Sync log; mailing staff
  // about it would send another digest that may fail the same way.
  "digest.not_sent",
]);

/** Each problem of the set as one line, sorted: what "new" and "fixed" are counted on. */
export function problemLines(problems: readonly Problem[]): string[] {
  return problems
    .filter((p) => !OUTSIDE_THE_SET.has(p.code))
    .map((p) => JSON.stringify([p.code, p.tab, p.row, p.column, p.value, p.severity]))
    .sort();
}

export async function problemSetHash(problems: readonly Problem[]): Promise<string> {
  return sha256Hex(problemLines(problems).join("\n"));
}

export async function readMeta<T>(db: D1Database, key: string): Promise<T | null> {
  return metaFrom<T>(await metaStatement(db, key).all());
}

/** readMeta's statement, for a batch of the caller's; metaFrom reads its result. */
export function metaStatement(db: D1Database, key: string): D1PreparedStatement {
  return db.prepare("SELECT value FROM sync_meta WHERE key = ?").bind(key);
}

export function metaFrom<T>(result: D1Result | undefined): T | null {
  const row = result?.results[0] as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : null;
}

export function writeMeta(
  db: D1Database,
  key: string,
  value: unknown,
  now: Date,
  /** Leave the row (its updated_at too) as it is when it holds this text already. */
  opts: { unlessSame?: boolean } = {},
): D1PreparedStatement {
  const unlessSame = opts.unlessSame ? " WHERE sync_meta.value IS NOT excluded.value" : "";
  return db
    .prepare(
      `INSERT INTO sync_meta (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at${unlessSame}`,
    )
    .bind(key, JSON.stringify(value), now.toISOString());
}

/** Remembers a good sync's Settings for the outage digest; writes only when they changed. */
export async function rememberSettings(
  db: D1Database,
  sheetId: string,
  settings: Settings,
  now: Date,
): Promise<void> {
  await rememberSettingsStatement(db, sheetId, settings, now).run();
}

/**
 * rememberSettings as one statement, for a batch of the caller's (the problem
 * digest's first, run.ts): no read first. The stored text is JSON.stringify's
 * of the Settings last remembered, so the same Settings are the same text, and
 * the row (its updated_at too) is left as it is.
 */
export function rememberSettingsStatement(
  db: D1Database,
  sheetId: string,
  settings: Settings,
  now: Date,
): D1PreparedStatement {
  return writeMeta(db, settingsKey(sheetId), settings, now, { unlessSame: true });
}

export function rememberedSettings(db: D1Database, sheetId: string): Promise<Settings | null> {
  return readMeta<Settings>(db, settingsKey(sheetId));
}

/** rememberedSettings' statement, for a batch of the caller's; metaFrom reads it. */
export function rememberedSettingsStatement(db: D1Database, sheetId: string): D1PreparedStatement {
  return metaStatement(db, settingsKey(sheetId));
}

const isHttps = (url: string) => {
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
};

export interface DigestDeps {
  db: D1Database;
  sheetId: string;
  signingSecret: string;
  /** Where the unsubscribe link points: PUBLIC_URL, else the Settings' public site. */
  publicUrl: string | null;
  /** The spreadsheet's address for staff, when there is one to give. */
  sheetUrl: string | null;
  runId: string;
  now: Date;
}

export interface DigestInputs {
  settings: Settings;
  problems: Problem[];
  /**
   * What the set is, for "changed since the last digest": the problem set's hash,
   * or a fixed name for an ongoing outage so one outage is one digest.
   */
  hash: string;
  /**
   * Which digest memory the hash is compared with: the sheet's problems (the
   * default), or a write outage, which goes on while the sheet's own problem
   * digest keeps running and must not make it news again every sync.
   */
  stream?: "problems" | "write-outage";
}

export interface DigestResult {
  /** Digest rows written to the outbox (pending, composed). */
  queued: number;
  /** Why none went, when none did. */
  skipped: "unchanged" | "no_problems" | "no_staff" | "no_sender" | "waiting" | null;
}

/**
 * Queues a digest to every staff address that still takes it, when `hash`
 * differs from the last digest's. A set with no problem is remembered but not
 * mailed: a clean sheet needs no email, and the next problem is news again.
 */
export async function queueDigest(deps: DigestDeps, input: DigestInputs): Promise<DigestResult> {
  const { db, now } = deps;
  const last = (await readMeta<DigestMeta>(db, digestKey(deps.sheetId, input.stream))) ?? {
    hash: await problemSetHash([]),
    count: 0,
  };
  if (last.hash === input.hash) return { queued: 0, skipped: "unchanged" };
  const next: DigestMeta = { hash: input.hash, count: last.count + 1 };
  if (input.problems.length === 0) {
    await writeMeta(
      db,
      digestKey(deps.sheetId, input.stream),
      { ...next, count: last.count },
      now,
    ).run();
    return { queued: 0, skipped: "no_problems" };
  }

  const staff = await digestRecipients(db, input.settings);
  const stream = input.stream && input.stream !== "problems" ? `${input.stream}|` : "";
  const rendered = await renderDigests(
    deps,
    input,
    staff.map((email) => ({
      email,
      key: `digest|${email}|${stream}${next.count}|${input.hash}`,
      sequence: next.count,
    })),
  );
  const rows = rendered.rows;
  const skipped: DigestResult["skipped"] = staff.length === 0 ? "no_staff" : rendered.skipped;
  const inserts = insertComposed(db, rows, { runId: deps.runId, now });
  // Remembered even when nobody could be mailed, so the same set is not retried every sync.
  const results = await db.batch([
    ...inserts,
    writeMeta(db, digestKey(deps.sheetId, input.stream), next, now),
  ]);
  const queued = insertedCount(results.slice(0, inserts.length));
  return { queued, skipped: queued > 0 ? null : skipped };
}

/** The staff addresses that still take the digest: not unsubscribed from it, not bounced. */
export async function digestRecipients(db: D1Database, settings: Settings): Promise<string[]> {
  return recipientsOf(settings, await stoppedStatement(db).all());
}

/** The addresses the digest does not go to, for a batch of the caller's; recipientsOf reads them. */
export function stoppedStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(
    `SELECT email FROM unsubscribes WHERE kind = 'digest'
     UNION SELECT email FROM suppressions`,
  );
}

/** Settings' staff addresses, each once, as the digest sends to them (before any is left out). */
export const staffAddresses = (settings: Settings): string[] => [
  ...new Set(settings.staff_emails.map(normalizeEmail)),
];

export function recipientsOf(settings: Settings, stopped: D1Result | undefined): string[] {
  const excluded = new Set(((stopped?.results ?? []) as { email: string }[]).map((r) => r.email));
  return staffAddresses(settings).filter((email) => !excluded.has(email));
}

export interface DigestTo {
  email: string;
  key: string;
  sequence: number;
  changes?: { added: number; fixed: number };
}

/** Each address's digest, rendered; none when Settings name no sender (the Sync log says why). */
export async function renderDigests(
  deps: DigestDeps,
  input: Pick<DigestInputs, "settings" | "problems">,
  recipients: readonly DigestTo[],
): Promise<{ rows: (NewEmail & ComposedMessage)[]; skipped: "no_sender" | null }> {
  const base = deps.publicUrl ?? input.settings.public_url;
  const lang = mailLanguages(input.settings, "ar")[0] ?? "ar";
  const rows: (NewEmail & ComposedMessage)[] = [];
  for (const { email, key, sequence, changes } of recipients) {
    let mail: ReturnType<typeof renderDigest>;
    try {
      mail = renderDigest({
        settings: input.settings,
        problems: input.problems,
        to: email,
        now: deps.now,
        messageId: await messageIdFor(key),
        ...(changes ? { changes } : {}),
        ...(deps.sheetUrl ? { sheetUrl: deps.sheetUrl } : {}),
        ...(base && isHttps(base)
          ? {
              unsubscribeUrl: await unsubscribeUrl(deps.signingSecret, base, {
                email,
                kind: DIGEST_KIND,
                lang,
              }),
            }
          : {}),
      });
    } catch (error) {
      if (!(error instanceof MailRenderError)) throw error;
      return { rows: [], skipped: "no_sender" };
    }
    // meeting_id '': a digest is about the whole sheet, not one meeting.
    const row = { key, meeting_id: "", email, kind: DIGEST_KIND, sequence, language: lang };
    rows.push({ ...row, raw: mail.raw, from: mail.from });
  }
  return { rows, skipped: null };
}
