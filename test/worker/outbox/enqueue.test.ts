// Handing due rows to the mail Queue (src/outbox/enqueue.ts): once, again only
// when the message seems lost, and never a row without its message.
import { beforeEach, describe, expect, it } from "vitest";
import { enqueueDue } from "../../../src/outbox/enqueue.ts";
import { composeAll, db, later, MINUTE, recordingQueue, reset, seed, t0 } from "./helpers.ts";

beforeEach(reset);

describe("the outbox", () => {
  it("enqueues each due row once, and again only when its message seems lost", async () => {
    const seeded = await seed();
    await composeAll();
    const queue = recordingQueue();
    expect(await enqueueDue(db, queue, t0)).toEqual({ enqueued: 2, requeued: 0 });
    expect(await enqueueDue(db, queue, later(MINUTE))).toEqual({ enqueued: 0, requeued: 0 });
    expect(queue.sent.map((m) => m.outbox_id)).toEqual(seeded.map((r) => r.id));
  });

  it("counts a row sent to the Queue again, its message seemingly lost, as requeued and not as newly queued", async () => {
    await seed();
    await composeAll();
    const queue = recordingQueue();
    await enqueueDue(db, queue, t0);
    expect(await enqueueDue(db, queue, later(20 * MINUTE))).toEqual({ enqueued: 0, requeued: 2 });
    expect(queue.sent).toHaveLength(4);
  });

  it("does not enqueue a row that has no composed message", async () => {
    const [first] = await seed();
    await db
      .prepare(
        "UPDATE outbox SET raw = 'Subject: test', mail_from = 'liqaa@example.org' WHERE id = ?",
      )
      .bind(first?.id)
      .run();
    const queue = recordingQueue();
    expect(await enqueueDue(db, queue, t0)).toEqual({ enqueued: 1, requeued: 0 });
    expect(queue.sent).toEqual([{ outbox_id: first?.id }]);
  });

  it("sends rows never queued before those queued again, and the longest-waiting of those first, when more are due than one call sends", async () => {
    const [first, second] = await seed();
    await composeAll();
    const queue = recordingQueue();
    // The first row was queued 20 minutes ago and seems lost; the second never was.
    await db
      .prepare("UPDATE outbox SET enqueued_at = ? WHERE id = ?")
      .bind(later(-20 * MINUTE).toISOString(), first?.id)
      .run();
    expect(await enqueueDue(db, queue, t0, 1)).toEqual({ enqueued: 1, requeued: 0 });
    expect(queue.sent).toEqual([{ outbox_id: second?.id }]);
    // 20 minutes on both seem lost; the one queued longer ago goes first, then the other.
    await enqueueDue(db, queue, later(20 * MINUTE), 1);
    await enqueueDue(db, queue, later(20 * MINUTE), 1);
    expect(queue.sent.map((m) => m.outbox_id)).toEqual([second?.id, first?.id, second?.id]);
  });

  it("hands its marks to a caller that writes them later, and marks nothing itself meanwhile", async () => {
    await seed();
    await composeAll();
    const queue = recordingQueue();
    const handed: D1PreparedStatement[] = [];
    expect(
      await enqueueDue(db, queue, t0, undefined, undefined, (marks) => handed.push(...marks)),
    ).toEqual({ enqueued: 2, requeued: 0 });
    const marked = () =>
      db
        .prepare("SELECT COUNT(*) AS n FROM outbox WHERE enqueued_at IS NOT NULL")
        .first<number>("n");
    expect(await marked()).toBe(0);
    await db.batch(handed);
    expect(await marked()).toBe(2);
    // Once written they hold as the call's own marks do: nothing is queued again a minute on.
    expect(await enqueueDue(db, queue, later(MINUTE))).toEqual({ enqueued: 0, requeued: 0 });
    expect(queue.sent).toHaveLength(2);
  });
});
