// Benchmark 5: mail throughput through the real Worker's queue to the SES
// stand-in, both set to the same rate (SES_MAX_SEND_RATE and the fake's
// MaxSendRate, so a sender that goes faster is throttled as SES would). One sync
// of a sheet whose one scheduled meeting invites a group of N contacts plans N
// invitations; the consumer sends them. Rate is measured from the first send to
// the last as the fake accepted them; duplicates are Message-IDs (each derived
// from an outbox key) or recipients seen twice; lost is every outbox row not
// sent, and every sent row the fake does not hold.
import { join } from "node:path";
import { generateSheet, writeGeneratedSheet } from "../scripts/generate-sheet.ts";
import { TABS } from "../src/sheet/contract.ts";
import { drained, withLocalStack } from "./google-calls.ts";
import type { Bundle } from "./workers.ts";

export interface MailResult {
  contacts: number;
  ratePerSecond: number;
  planned: number;
  enqueued: number;
  /** Messages the fake accepted. */
  accepted: number;
  /** (accepted − 1) / (last − first accepted), per second. */
  achievedRate: number;
  spanSeconds: number;
  duplicateMessageIds: number;
  duplicateRecipients: number;
  /** Outbox rows by state after the wait. */
  outboxStates: Record<string, number>;
  /** Outbox attempts beyond the first (a throttled or failed send retried). */
  extraAttempts: number;
  /** Sent rows whose SES message id the fake does not hold. */
  sentNotInFake: number;
  /** Whether the queue drained before the time bound. */
  drained: boolean;
  /** Gaps between consecutive accepted sends, ms. */
  gaps: { p10: number; p50: number; p90: number; max: number; underInterval: number };
  /** Queue batches as the broker logged them: count, median size and duration. */
  batches: { count: number; medianSize: number; medianMs: number; maxMs: number };
  /** Sync POST → first accepted send, ms. */
  syncToFirstMs: number;
}

const GROUP = "مجموعة القياس";

/** One scheduled meeting next year inviting one group of `contacts` active, valid contacts. */
export function throughputSheet(contacts: number) {
  const sheet = generateSheet({
    meetings: 1,
    contactsPerMeeting: contacts,
    seed: 3,
    badEvery: 1e9,
  });
  const people = sheet.tabs[TABS.contacts.ar] as string[][];
  for (let i = 1; i < people.length; i++) {
    const row = people[i] as string[];
    row[2] = `contact${i}@example.org`;
    row[4] = GROUP;
    row[5] = "نعم";
  }
  const meetings = sheet.tabs[TABS.meetings.ar] as string[][];
  const row = meetings[1] as string[];
  const year = new Date().getUTCFullYear() + 1;
  Object.assign(row, {
    0: `${year}-06-15-bench-1`,
    3: `${year}/06/15`,
    4: "10:00",
    5: "12:00",
    6: "Europe/Istanbul",
    12: GROUP,
    14: "مؤكد",
    18: "",
  });
  meetings.length = 2;
  return sheet;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

function messageId(raw: string): string | null {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  return /^message-id:\s*(\S+)/im.exec(head.replace(/\r?\n[ \t]+/g, " "))?.[1] ?? null;
}

export async function mailThroughput(
  bundle: Bundle,
  work: string,
  contacts: number,
  ratePerSecond: number,
  /** Experiments only: override wrangler.toml's max_batch_size for the mail queue. */
  mailBatchSize?: number,
): Promise<MailResult> {
  const dir = join(work, "mail-sheet");
  await writeGeneratedSheet(dir, throughputSheet(contacts));
  const mail = { maxSendRate: ratePerSecond, sesMaxRate: ratePerSecond, mailBatchSize };
  return withLocalStack(bundle, dir, mail, async ({ ses, worker }) => {
    const syncAt = Date.now();
    const summary = await worker.sync();
    if (summary.outcome !== "ok")
      throw new Error(`the sync ${summary.outcome}: ${JSON.stringify(summary.error)}`);
    // Twice the ideal time plus the last batch's timeout and a margin, and never unbounded.
    const bound = Math.min(600_000, (summary.counts.enqueued / ratePerSecond) * 2000 + 30_000);
    const isDrained = await drained(worker.db, bound, 500);

    const messages = ses.messages().sort((a, b) => a.at - b.at);
    const first = messages[0]?.at ?? Number.NaN;
    const last = messages.at(-1)?.at ?? Number.NaN;
    const spanSeconds = (last - first) / 1000;
    const ids = messages.map((m) => messageId(m.raw) ?? m.id);
    const recipients = messages.flatMap((m) => m.to.map((t) => t.toLowerCase()));
    const gaps: number[] = [];
    for (let i = 1; i < messages.length; i++)
      gaps.push((messages[i]?.at ?? 0) - (messages[i - 1]?.at ?? 0));
    gaps.sort((a, b) => a - b);
    const interval = 1000 / ratePerSecond;

    const states: Record<string, number> = {};
    const stateRows = await worker.db
      .prepare("SELECT state, count(*) AS n, sum(attempts) AS attempts FROM outbox GROUP BY state")
      .all<{ state: string; n: number; attempts: number }>();
    let extraAttempts = 0;
    for (const r of stateRows.results) {
      states[r.state] = r.n;
      extraAttempts += Math.max(0, r.attempts - r.n);
    }
    const fakeIds = new Set(messages.map((m) => m.id));
    const sent = await worker.db
      .prepare("SELECT ses_message_id FROM outbox WHERE state = 'sent'")
      .all<{ ses_message_id: string | null }>();
    const sentNotInFake = sent.results.filter(
      (r) => !r.ses_message_id || !fakeIds.has(r.ses_message_id),
    ).length;

    const batchLines = worker.logged
      .map((l) => /QUEUE liqaa-mail (\d+)\/(\d+) \((\d+)ms\)/.exec(l.text))
      .filter((m): m is RegExpExecArray => m !== null);
    const sizes = batchLines.map((m) => Number(m[2])).sort((a, b) => a - b);
    const durations = batchLines.map((m) => Number(m[3])).sort((a, b) => a - b);

    return {
      contacts,
      ratePerSecond,
      planned: summary.counts.planned,
      enqueued: summary.counts.enqueued,
      accepted: messages.length,
      achievedRate: (messages.length - 1) / spanSeconds,
      spanSeconds,
      duplicateMessageIds: ids.length - new Set(ids).size,
      duplicateRecipients: recipients.length - new Set(recipients).size,
      outboxStates: states,
      extraAttempts,
      sentNotInFake,
      drained: isDrained,
      gaps: {
        p10: quantile(gaps, 0.1),
        p50: quantile(gaps, 0.5),
        p90: quantile(gaps, 0.9),
        max: gaps.at(-1) ?? Number.NaN,
        underInterval: gaps.filter((g) => g < interval * 0.8).length,
      },
      batches: {
        count: batchLines.length,
        medianSize: quantile(sizes, 0.5),
        medianMs: quantile(durations, 0.5),
        maxMs: durations.at(-1) ?? Number.NaN,
      },
      syncToFirstMs: first - syncAt,
    };
  });
}
