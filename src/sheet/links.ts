// Linked meetings: the Part of / ضمن and Follows / يلي columns name another
// meeting of the Meetings tab by its ID. A name that is no ID of the tab is a
// warning (the link is left unpublished, the meeting goes on); links that lead
// back to where they started, through Part of and Follows together and however
// long the way, are an error on every row of the loop: a meeting cannot be on
// the margins of, or after, itself, and a website walking the links would
// never stop.
import { idKey } from "./ids.ts";
import { MESSAGES, type Place, problem } from "./problems.ts";
import { cleanText } from "./text.ts";
import type { Cell, Problem, TabLayout } from "./types.ts";

export type LinkKey = "part_of" | "follows";
export const LINK_KEYS = ["part_of", "follows"] as const satisfies readonly LinkKey[];

/** One Meetings row's links, as the parser read them. */
export interface LinkRow {
  row: number;
  /** The ID cell; "" when blank (such a row cannot be linked to, so it is in no loop). */
  id: string;
  links: Partial<Record<LinkKey, string>>;
  place(key: LinkKey): Place;
}

/** A Meetings row as the parser read it: its cells, and the meeting made of them (null if none). */
interface ReadRow {
  r: { row: number; cell(key: "id"): Cell; place(key: LinkKey): Place };
  meeting: Partial<Record<LinkKey, string>> | null;
}

/**
 * Checks the links of the tab's rows (when it has a link column), pushing the
 * problems; returns the rows that have an error (a loop), which the parser rejects.
 */
export function checkLinks(
  read: readonly ReadRow[],
  layout: TabLayout,
  problems: Problem[],
): Set<number> {
  if (layout.columns.part_of === undefined && layout.columns.follows === undefined) {
    return new Set();
  }
  const rows = read.map(({ r, meeting }) => ({
    row: r.row,
    id: cleanText(r.cell("id")),
    links: meeting ?? {},
    place: (key: LinkKey) => r.place(key),
  }));
  return checkRows(rows, problems);
}

/**
 * Checks every row's links against the tab's IDs (by idKey), pushing the
 * problems; returns the rows that have an error (a loop).
 */
export function checkRows(rows: readonly LinkRow[], problems: Problem[]): Set<number> {
  const byId = new Map<string, LinkRow[]>();
  let linked = false;
  for (const r of rows) {
    if (r.links.part_of !== undefined || r.links.follows !== undefined) linked = true;
    if (r.id === "") continue;
    const list = byId.get(idKey(r.id)) ?? [];
    list.push(r);
    byId.set(idKey(r.id), list);
  }
  const failed = new Set<number>();
  // Most sheets link nothing: nothing to walk.
  if (!linked) return failed;
  for (const r of rows) {
    for (const key of LINK_KEYS) {
      const target = r.links[key];
      if (target === undefined || byId.has(idKey(target))) continue;
      problems.push(
        problem(r.place(key), "link.unknown", "warning", target, MESSAGES["link.unknown"](target)),
      );
    }
  }
  for (const loop of loops(byId)) {
    const loopRows = loop.flatMap((id) => byId.get(id) ?? []).map((r) => r.row);
    const inLoop = new Set(loop);
    for (const id of loop) {
      for (const r of byId.get(id) ?? []) {
        for (const key of LINK_KEYS) {
          const target = r.links[key];
          if (target === undefined || !inLoop.has(idKey(target))) continue;
          const others = loopRows.filter((row) => row !== r.row);
          problems.push(
            problem(r.place(key), "link.cycle", "error", target, MESSAGES["link.cycle"](others)),
          );
          failed.add(r.row);
        }
      }
    }
  }
  return failed;
}

/**
 * The loops of the link graph (IDs by idKey, each row's links its edges): the
 * strongly connected components of more than one ID, and an ID linking to
 * itself. Tarjan's algorithm, without recursion so a long chain cannot
 * overflow the stack; each loop's IDs in sheet order.
 */
function loops(byId: ReadonlyMap<string, readonly LinkRow[]>): string[][] {
  const edges = (id: string): string[] =>
    (byId.get(id) ?? []).flatMap((r) =>
      LINK_KEYS.flatMap((key) => {
        const target = r.links[key];
        return target !== undefined && byId.has(idKey(target)) ? [idKey(target)] : [];
      }),
    );
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  for (const root of byId.keys()) {
    if (order.has(root)) continue;
    const work: { id: string; out: string[]; at: number }[] = [];
    const enter = (id: string) => {
      order.set(id, next);
      low.set(id, next);
      next++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, out: edges(id), at: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      if (top.at < top.out.length) {
        const to = top.out[top.at++]!;
        if (!order.has(to)) enter(to);
        else if (onStack.has(to)) low.set(top.id, Math.min(low.get(top.id)!, order.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(top.id)!));
      if (low.get(top.id) !== order.get(top.id)) continue;
      const component: string[] = [];
      let id: string | undefined;
      do {
        id = stack.pop()!;
        onStack.delete(id);
        component.push(id);
      } while (id !== top.id);
      if (component.length > 1 || top.out.includes(top.id)) found.push(component);
    }
  }
  const sheetOrder = [...byId.keys()];
  return found.map((c) => c.sort((a, b) => sheetOrder.indexOf(a) - sheetOrder.indexOf(b)));
}
