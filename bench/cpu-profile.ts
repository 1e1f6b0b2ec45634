// A V8 CPU profile (the DevTools protocol's Profiler.stop answer) read as CPU
// per function: shared by bench/free-plan-profile.ts (Node's own profiler) and
// bench/workerd-profile.ts (workerd's, over its inspector), so the two print
// the same measures. It is a module of its own because the first runs its main
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

const SPECIAL = new Set(["(program)", "(idle)", "(garbage collector)", "(root)"]);

/** Self ms per key (the sample's leaf frame), and the isolate's totals by category. */
export function selfMs(profile: Profile, key: (f: ProfileNode["callFrame"]) => string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const cat = { js: 0, gc: 0, program: 0, idle: 0 };
  profile.samples.forEach((leaf, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const f = byId.get(leaf)?.callFrame;
    const name = f?.functionName ?? "";
    if (name === "(garbage collector)") cat.gc += ms;
    else if (name === "(program)") cat.program += ms;
    else if (name === "(idle)") cat.idle += ms;
    else cat.js += ms;
    if (f && !SPECIAL.has(name)) self.set(key(f), (self.get(key(f)) ?? 0) + ms);
    else self.set(name, (self.get(name) ?? 0) + ms);
  });
  return { self, cat };
}

/**
 * Mean per key over the runs, a run without the key counting 0: a function
 * seen in a few ticks of some runs only would have a median of 0, and means
 * add up to the isolate's mean total.
 */
export function meanMap(maps: Map<string, number>[]): [string, number][] {
  const keys = new Set(maps.flatMap((m) => [...m.keys()]));
  return [...keys]
    .map(
      (k) => [k, maps.reduce((a, m) => a + (m.get(k) ?? 0), 0) / maps.length] as [string, number],
    )
    .sort((a, b) => b[1] - a[1]);
}

/**
 * A script url as a path in the project: a package's from its node_modules/
 * folder on (node_modules is a link, so urls may name another checkout's),
 * the project's own from the working directory on.
 */
export function projectPath(url: string): string {
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) return url.slice(nm + 1);
  const root = `file://${process.cwd()}/`;
  return url.startsWith(root) ? url.slice(root.length) : url;
}

/** A source file's group: its src/ folder, its package, or workerd's module family. */
export function groupOf(file: string): string {
  const src = /^(src\/[^/]+|workers)\//.exec(file);
  if (src) return `${src[1]}/`;
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (pkg) return `node_modules/${pkg[1]}`;
  if (file.startsWith("bench/")) return "bench/ (the bench's own wrapper or D1 stand-in)";
  if (file.startsWith("scripts/")) return "scripts/ (Node only: the Sheets emulator, in-process)";
  if (file.startsWith("(builtin)")) return "(builtins: JSON, fetch, crypto, …)";
  const internal = /^([a-z-]+):/.exec(file);
  if (internal) return `${internal[1]}:*`;
  return file;
}
