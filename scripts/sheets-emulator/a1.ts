// A1 notation as the Sheets API accepts it: `Sheet1!A1:B2`, `'Sync log'!A:C`,
// `'الاجتماعات'!A1:Z`, `Sheet1!2:5`, a bare tab title, or a bare range on the
// first tab. Indexes here are 0-based with exclusive ends; undefined = unbounded.

export interface CellBox {
  startRow: number;
  startCol: number;
  endRow: number | undefined;
  endCol: number | undefined;
}

export interface ParsedRange {
  /** The tab named in the range; null when the range names none (then it is the first tab). */
  sheet: string | null;
  /** null = the whole tab. */
  box: CellBox | null;
}

/** Column letters to a 0-based index (A = 0, AA = 26). */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A 0-based column index to letters. */
export function columnLetters(index: number): string {
  const last = String.fromCharCode(65 + (index % 26));
  return index < 26 ? last : columnLetters(Math.floor(index / 26) - 1) + last;
}

const REF = /^\$?([A-Za-z]{0,3})\$?(\d{0,7})$/;

function parseRef(text: string): { col?: number; row?: number } | null {
  const m = REF.exec(text);
  if (!m || (m[1] === "" && m[2] === "")) return null;
  const out: { col?: number; row?: number } = {};
  if (m[1] !== "") out.col = columnIndex(m[1]!);
  if (m[2] !== "") {
    const row = Number(m[2]);
    if (row < 1) return null;
    out.row = row - 1;
  }
  return out;
}

/** Parses the cell part of a range (`A1:B2`, `A:C`, `2:5`, `A2:Z`, `B3`); null when it is not A1. */
export function parseBox(text: string): CellBox | null {
  const parts = text.split(":");
  if (parts.length > 2) return null;
  const start = parseRef(parts[0]!);
  if (!start) return null;
  if (parts.length === 1) {
    // A lone reference is one cell; a lone column or row is not a range Google accepts.
    if (start.col === undefined || start.row === undefined) return null;
    return {
      startRow: start.row,
      startCol: start.col,
      endRow: start.row + 1,
      endCol: start.col + 1,
    };
  }
  const end = parseRef(parts[1]!);
  if (!end) return null;
  const box: CellBox = {
    startRow: start.row ?? 0,
    startCol: start.col ?? 0,
    endRow: end.row === undefined ? undefined : end.row + 1,
    endCol: end.col === undefined ? undefined : end.col + 1,
  };
  // Google accepts the two corners in either order.
  if (box.endRow !== undefined && box.endRow <= box.startRow) {
    [box.startRow, box.endRow] = [box.endRow - 1, box.startRow + 1];
  }
  if (box.endCol !== undefined && box.endCol <= box.startCol) {
    [box.startCol, box.endCol] = [box.endCol - 1, box.startCol + 1];
  }
  return box;
}

/**
 * Splits a range into tab and cells. Without `!`, the text is a tab title when
 * `isTitle` says so, else A1 cells of the first tab; null when it is neither.
 */
export function parseRange(text: string, isTitle: (title: string) => boolean): ParsedRange | null {
  const range = text.trim();
  if (range.startsWith("'")) {
    let i = 1;
    let title = "";
    for (; i < range.length; i++) {
      const ch = range[i]!;
      if (ch === "'") {
        if (range[i + 1] === "'") {
          title += "'";
          i++;
          continue;
        }
        break;
      }
      title += ch;
    }
    if (i >= range.length) return null;
    const rest = range.slice(i + 1);
    if (rest === "") return { sheet: title, box: null };
    if (!rest.startsWith("!")) return null;
    if (rest === "!") return { sheet: title, box: null };
    const box = parseBox(rest.slice(1));
    return box ? { sheet: title, box } : null;
  }
  const bang = range.lastIndexOf("!");
  if (bang === -1) {
    if (isTitle(range)) return { sheet: range, box: null };
    const box = parseBox(range);
    return box ? { sheet: null, box } : null;
  }
  const title = range.slice(0, bang);
  const box = parseBox(range.slice(bang + 1));
  return box ? { sheet: title, box } : null;
}

/** A tab title as Google writes it in a range: quoted unless it is a plain word. */
export function quoteTitle(title: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) ? title : `'${title.replaceAll("'", "''")}'`;
}

/** A bounded box as A1 text: `Sheet!A1:C3`, or `Sheet!B2` for one cell. */
export function formatRange(
  title: string,
  box: { startRow: number; startCol: number; endRow: number; endCol: number },
) {
  const start = `${columnLetters(box.startCol)}${box.startRow + 1}`;
  const end = `${columnLetters(box.endCol - 1)}${box.endRow}`;
  const cells =
    box.endRow - box.startRow === 1 && box.endCol - box.startCol === 1 ? start : `${start}:${end}`;
  return `${quoteTitle(title)}!${cells}`;
}
