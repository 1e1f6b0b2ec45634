// The secretariat's copy of a series' schedule, through the real scheduled
// handler on the demo sheet's June 2027 series: a new copy whenever the
// schedule differs from the last one it got, a return to an earlier schedule
// included, and none when nothing changed.
import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { newWorld, setCell } from "../support/index.ts";
import { settle } from "./round-trips-helpers.ts";

const ROW = 16;

const schedules = async () =>
  (
    await env.DB.prepare("SELECT sequence FROM outbox WHERE kind = 'schedule' ORDER BY id").all<{
      sequence: number;
    }>()
  ).results.map((r) => r.sequence);

it("sends the secretariat schedule A, then B, then A again, and nothing more while it stays", async () => {
  const w = await newWorld();
  await setCell(w, ROW, "الحالة", "مؤكد");
  await settle(w);
  expect(await schedules()).toEqual([0]);
  await setCell(w, ROW, "مدة اللقاء (دقائق)", "30");
  await settle(w);
  expect(await schedules()).toEqual([0, 1]);
  await setCell(w, ROW, "مدة اللقاء (دقائق)", "45");
  await settle(w);
  expect(await schedules()).toEqual([0, 1, 2]);
  await settle(w);
  expect(await schedules()).toEqual([0, 1, 2]);
}, 240_000);
