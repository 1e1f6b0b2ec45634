// A V8 CPU profile (the DevTools protocol's Profiler.stop answer) read as CPU
// per function: shared by bench/free-plan-profile.ts (Node's own profiler) and
// bench/workerd-profile.ts (workerd's, over its inspector), so the two print
// the same measure. It is a module of its own because the first runs its main
// when imported.

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Inclusive ms per function (name and file), each sample counted once per function on its stack. */
export function inclusiveMs(profile: Profile): Map<string, number> {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const out = new Map<string, number>();
  profile.samples.forEach((leaf, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const seen = new Set<string>();
    const stack: string[] = [];
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id))
      stack.push(byId.get(id)?.callFrame.functionName ?? "");
    if (stack.includes("sqliteExec")) {
      out.set("(SQLite)", (out.get("(SQLite)") ?? 0) + us / 1000);
      return;
    }
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)?.callFrame;
      if (!f) break;
      const file = f.url.replace(/^.*\/(src|bench|scripts|node_modules)\//, "$1/");
      const key = `${f.functionName || "(anonymous)"} ${file}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.set(key, (out.get(key) ?? 0) + us / 1000);
    }
  });
  return out;
}
