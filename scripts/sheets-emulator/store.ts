// Keeps the emulator's spreadsheet and its folder of CSV files in step: loads
// the tabs at start, notices a person's edits (each request compares the files'
// size and mtime, so an edit is seen on the very next read with no watcher
// race), writes changed tabs back, and renames or creates files for renamed or
// added tabs. What CSV cannot hold (sheet ids, frozen rows, notes, validation,
// protection, RAW-text markers) goes to a sidecar JSON file beside the folder
// when one is configured (the CLI does), else it lives only in memory.
import { readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { listTabs, parseCsv, raggedRows, writeTab } from "../lib/csv-folder.ts";
import { newSheet, type SheetState, type SpreadsheetState } from "./state.ts";

interface FileStamp {
  path: string;
  mtimeMs: number;
  size: number;
}

type Sidecar = Omit<SpreadsheetState, "sheets"> & { sheets: Omit<SheetState, "grid">[] };

export class FolderStore {
  readonly dir: string;
  readonly metaFile: string | undefined;
  /** sheetId → the file last read or written, and the grid version it holds. */
  readonly #files = new Map<number, FileStamp & { version: number }>();

  constructor(dir: string, metaFile: string | undefined) {
    this.dir = dir;
    this.metaFile = metaFile;
  }

  async load(spreadsheetId: string): Promise<SpreadsheetState> {
    let sidecar: Sidecar | null = null;
    if (this.metaFile) {
      try {
        sidecar = JSON.parse(await readFile(this.metaFile, "utf8")) as Sidecar;
      } catch {
        // No sidecar yet (first run): every tab starts with defaults.
      }
    }
    const state: SpreadsheetState = {
      spreadsheetId,
      title: sidecar?.title ?? "Liqaa",
      locale: sidecar?.locale ?? "ar",
      timeZone: sidecar?.timeZone ?? "Europe/Istanbul",
      sheets: [],
      nextProtectedRangeId: sidecar?.nextProtectedRangeId ?? 1_000_001,
    };
    const known = new Map((sidecar?.sheets ?? []).map((s) => [s.title, s]));
    await this.#sync(state, known);
    return state;
  }

  /** Brings `state` up to date with the files; true when anything changed. */
  async refresh(state: SpreadsheetState): Promise<boolean> {
    return this.#sync(state, new Map());
  }

  async #sync(state: SpreadsheetState, known: Map<string, Omit<SheetState, "grid">>) {
    const tabs = await listTabs(this.dir);
    let changed = false;
    const seen = new Set<number>();
    for (const [title, path] of tabs) {
      const info = await stat(path);
      const sheet = state.sheets.find((s) => s.title === title);
      if (sheet) {
        seen.add(sheet.sheetId);
        const stamp = this.#files.get(sheet.sheetId);
        if (stamp && stamp.mtimeMs === info.mtimeMs && stamp.size === info.size) continue;
        sheet.grid = parseCsv(await readFile(path, "utf8"));
        sheet.rowCount = Math.max(sheet.rowCount, sheet.grid.length);
        sheet.columnCount = Math.max(
          sheet.columnCount,
          sheet.grid.reduce((w, r) => Math.max(w, r.length), 0),
        );
        sheet.version++;
        this.#files.set(sheet.sheetId, {
          path,
          mtimeMs: info.mtimeMs,
          size: info.size,
          version: sheet.version,
        });
        changed = true;
        continue;
      }
      const grid = parseCsv(await readFile(path, "utf8"));
      const remembered = known.get(title);
      const ids = new Set(state.sheets.map((s) => s.sheetId));
      let sheetId = remembered?.sheetId ?? (state.sheets.length === 0 ? 0 : 1);
      while (ids.has(sheetId)) sheetId = Math.floor(Math.random() * 2_000_000_000);
      const fresh = newSheet(sheetId, title, remembered?.index ?? state.sheets.length, grid);
      const added: SheetState = remembered
        ? {
            ...remembered,
            sheetId,
            grid,
            rowCount: Math.max(remembered.rowCount, fresh.rowCount),
            columnCount: Math.max(remembered.columnCount, fresh.columnCount),
          }
        : fresh;
      state.sheets.push(added);
      seen.add(sheetId);
      this.#files.set(sheetId, {
        path,
        mtimeMs: info.mtimeMs,
        size: info.size,
        version: added.version,
      });
      changed = true;
    }
    const before = state.sheets.length;
    // A deleted file is a deleted tab.
    state.sheets = state.sheets.filter((s) => seen.has(s.sheetId));
    if (state.sheets.length !== before) changed = true;
    [...state.sheets]
      .sort((a, b) => a.index - b.index)
      .forEach((s, i) => {
        s.index = i;
      });
    return changed;
  }

  /** Writes what changed in `state` since the last load or save: tab files and the sidecar. */
  async save(state: SpreadsheetState) {
    for (const sheet of state.sheets) {
      const stamp = this.#files.get(sheet.sheetId);
      const path = join(this.dir, `${sheet.title}.csv`);
      if (stamp && stamp.path !== path) {
        await rename(stamp.path, path);
        stamp.path = path;
      }
      if (!stamp || stamp.version !== sheet.version) {
        await writeTab(this.dir, sheet.title, raggedRows(sheet.grid));
      }
      const info = await stat(path);
      this.#files.set(sheet.sheetId, {
        path,
        mtimeMs: info.mtimeMs,
        size: info.size,
        version: sheet.version,
      });
    }
    if (this.metaFile) {
      const sidecar: Sidecar = {
        ...state,
        sheets: state.sheets.map(({ grid: _grid, ...rest }) => rest),
      };
      await writeFile(this.metaFile, `${JSON.stringify(sidecar, null, 1)}\n`, "utf8");
    }
  }
}
