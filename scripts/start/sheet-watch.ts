// Notices a person's edits to the local sheet's CSV files and calls back once
// they have settled (debounced: a spreadsheet program saves in several writes).
// The Sheets emulator writes Liqaa's ids and sync status back into the same
// files during a sync; those writes must not start another sync, or every sync
// would start the next. So a change counts only when a file's content differs
// from the baseline, and the baseline is retaken after each sync (accept()).
import { createHash } from "node:crypto";
import { type FSWatcher, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { listTabs } from "../lib/csv-folder.ts";

export type Fingerprints = Map<string, string>;

/** A hash of every CSV file in the folder, by file path. */
export async function fingerprintFolder(dir: string): Promise<Fingerprints> {
  const out: Fingerprints = new Map();
  for (const path of (await listTabs(dir)).values()) {
    try {
      out.set(
        path,
        createHash("sha256")
          .update(await readFile(path))
          .digest("hex"),
      );
    } catch {
      // Removed between listing and reading: it counts as absent.
    }
  }
  return out;
}

/** The files whose content differs between two fingerprints (added, changed or removed). */
export function changedFiles(before: Fingerprints, after: Fingerprints): string[] {
  const changed = new Set<string>();
  for (const [path, hash] of after) if (before.get(path) !== hash) changed.add(path);
  for (const path of before.keys()) if (!after.has(path)) changed.add(path);
  return [...changed].sort();
}

export interface SheetWatcher {
  /** Ignores changes from now on (a sync is running and the emulator writes back). */
  hold(): void;
  /** Takes the folder as it is now as the baseline and listens again (call after each sync). */
  accept(): Promise<void>;
  close(): void;
}

export async function watchSheet(
  dir: string,
  debounceMs: number,
  onChange: (files: string[]) => void,
): Promise<SheetWatcher> {
  let baseline = await fingerprintFolder(dir);
  let timer: NodeJS.Timeout | null = null;
  let held = false;
  const check = async () => {
    timer = null;
    if (held) return;
    const now = await fingerprintFolder(dir);
    const files = changedFiles(baseline, now);
    if (files.length === 0 || held) return;
    baseline = now;
    onChange(files);
  };
  const watcher: FSWatcher = watch(dir, () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void check(), debounceMs);
  });
  watcher.on("error", () => {
    // The folder went away; the next start reports it.
  });
  return {
    hold() {
      held = true;
    },
    async accept() {
      baseline = await fingerprintFolder(dir);
      held = false;
    },
    close() {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
