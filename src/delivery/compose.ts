// The mailer's compose step: a Queue message names a row the sync recorded
// without its message; the row is rendered here, just before it is sent, from
// the snapshot the sync stored beside it (src/outbox/inputs.ts), and the bytes
// are stored on the row by the statement that claims it (claimToSend).
// Deterministic: the same row and snapshot give the same bytes and Message-ID
// as the sync used to render (the plan's instant is in the snapshot; the
// signing secret is the Worker's), and the first bytes stored win, so a
// consumer killed before its claim renders the same again, and a message
// delivered twice sends the stored bytes once.
import { dropSnapshot, parsedInputs, type QueuedRow } from "../outbox/inputs.ts";
import { isMeetingKind } from "../outbox/kinds.ts";
import { messageIdFor, renderRow } from "../sync/compose.ts";

export type ComposedRow =
  | { type: "composed"; raw: string; from: string }
  /** Not renderable from what D1 holds: acked unsent, the next sync prepares it again. */
  | { type: "waiting"; reason: string };

/**
 * Renders a row that awaits its message; nothing is stored here (the claim
 * stores the bytes). `store` false (a dry run) also leaves a row that cannot
 * be rendered as it was.
 */
export async function composeQueued(
  db: D1Database,
  row: QueuedRow,
  opts: { signingSecret: string; now: Date; store: boolean },
): Promise<ComposedRow> {
  const inputs = parsedInputs(row);
  if (!inputs || !isMeetingKind(row.kind)) {
    return { type: "waiting", reason: "not composed yet; the next sync prepares it again" };
  }
  const { context, contact } = inputs;
  const { meeting, uid, previousFingerprint } = inputs.meeting;
  const composed = await renderRow(
    {
      meeting,
      contact: { ...contact, language: row.language },
      settings: context.settings,
      base: context.base,
      now: new Date(context.now),
      organizer: context.organizer ?? null,
      uid,
      previousFingerprint: previousFingerprint ?? null,
    },
    { ...row, kind: row.kind },
    await messageIdFor(row.idempotency_key),
    opts.signingSecret,
  );
  if (!composed.ok) {
    const { code, detail } = composed.problem;
    if (opts.store) await dropSnapshot(db, row.id, `compose: ${code}: ${detail}`, opts.now).run();
    return { type: "waiting", reason: `cannot be composed: ${code}` };
  }
  return { type: "composed", raw: composed.mail.raw, from: composed.mail.from };
}
