// The snapshot as KV stores it (its UTF-8 JSON) and its hash, made of pieces
// remembered per item. A sync after one cell changed stores a snapshot whose
// items are all but one the very objects of the last write (the schema
// check's memo hands them back); hashing and encoding the whole ~300 KB text
// for each write cost more Worker CPU than building the snapshot. So each
// item's JSON is encoded and digested once, the stored bytes are those pieces
// copied side by side, and the hash is a SHA-256 of the envelope's JSON and
// the items' digests: deterministic from the content alone (a cold isolate,
// or a reader without metadata, gets the same), and it changes whenever any
// item's JSON or the envelope does. Used by snapshot-store.ts, which merges,
// checks and stores.
import type { FeedSnapshot, PublicMeeting } from "./snapshot-schema.ts";

/** Names the hash's scheme, so it can never equal a hash of the JSON text itself. */
const SCHEME = "liqaa-feed-hash-v2\n";

const encoder = new TextEncoder();

interface Piece {
  /** The item's JSON, as JSON.stringify gives it. */
  text: string;
  bytes: Uint8Array;
  /** SHA-256 of `bytes` in hex, once computed; until then `pending` gives it. */
  digest: string | null;
  pending: Promise<string> | null;
}

/** Each item object's piece: items are never changed once built (item-origin.ts). */
const pieces = new WeakMap<PublicMeeting, Piece>();
/**
 * Pieces by ID, for a new object with the same JSON (a build after the private
 * texts changed rebuilds every item, most of them the same): set for each new
 * piece, and made again from the current items once it holds more than about
 * two snapshots' worth.
 */
let byId = new Map<string, Piece>();

function pieceOf(m: PublicMeeting): Piece {
  let piece = pieces.get(m);
  if (piece === undefined) {
    const text = JSON.stringify(m);
    const before = byId.get(m.id);
    if (before?.text === text) {
      piece = before;
    } else {
      const bytes = encoder.encode(text);
      const made: Piece = { text, bytes, digest: null, pending: null };
      made.pending = crypto.subtle.digest("SHA-256", bytes).then((d) => {
        const digest = hex(new Uint8Array(d));
        made.digest = digest;
        made.pending = null;
        return digest;
      });
      piece = made;
      byId.set(m.id, made);
    }
    pieces.set(m, piece);
  }
  return piece;
}

function itemPieces(meetings: readonly PublicMeeting[]): Piece[] {
  const list = meetings.map(pieceOf);
  if (byId.size > 2 * list.length + 16)
    byId = new Map(meetings.map((m, i) => [m.id, list[i] as Piece]));
  return list;
}

/** Each byte's two hex digits, made once: a first sync writes 300 digests in hex. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX[b];
  return out;
}

async function hashOf(head: object, list: readonly Piece[]): Promise<string> {
  // Awaited only for the items new since the last write: one or two after a one-cell edit.
  const waiting = list.flatMap((p) => (p.pending === null ? [] : [p.pending]));
  if (waiting.length > 0) await Promise.all(waiting);
  // One text of 64 hex digits an item, encoded at once (copying each item's
  // 32 bytes into a buffer cost a call per item).
  const digests = list.map((p) => p.digest).join("");
  const all = encoder.encode(`${SCHEME}${JSON.stringify(head)}\n${digests}`);
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", all)));
}

/**
 * SHA-256 (hex) of everything public in the snapshot except when it was built:
 * the scheme's name, the envelope's JSON (version, network, public_url: a JSON
 * text holds no raw line break, so the line break after it ends it) and each
 * item's SHA-256 in hex, in order.
 */
export async function snapshotHash(snapshot: FeedSnapshot): Promise<string> {
  const { generated_at: _, meetings, ...head } = snapshot;
  return hashOf(head, itemPieces(meetings));
}

/**
 * The snapshot's hash, and the UTF-8 bytes of JSON.stringify(snapshot), which
 * is what KV stores (the envelope's keys in the snapshot's order, then its
 * items), made only when asked: an unchanged snapshot is not stored again.
 */
export async function snapshotBytes(
  snapshot: FeedSnapshot,
): Promise<{ hash: string; bytes: () => Uint8Array<ArrayBuffer> }> {
  const keys = Object.keys(snapshot);
  // The items' pieces spliced in last: only where they are the last key, as in every snapshot built here.
  if (keys[keys.length - 1] !== "meetings") {
    const hash = await snapshotHash(snapshot);
    // encode() always returns a new ArrayBuffer-backed array; Node's types say ArrayBufferLike.
    const bytes = () => encoder.encode(JSON.stringify(snapshot)) as Uint8Array<ArrayBuffer>;
    return { hash, bytes };
  }
  const { meetings, ...stored } = snapshot;
  const { generated_at: _, ...head } = stored;
  const list = itemPieces(meetings);
  const hash = await hashOf(head, list);
  return { hash, bytes: () => joined(stored, list) };
}

/**
 * The last bytes joined, its pieces and where each starts in them: a run of
 * pieces at the same places as there is copied in one go (a copy per item
 * cost more than the bytes it copied).
 */
let lastJoin: { bytes: Uint8Array; list: readonly Piece[]; starts: readonly number[] } | null =
  null;

function joined(stored: object, list: readonly Piece[]): Uint8Array<ArrayBuffer> {
  const text = JSON.stringify(stored);
  const open = encoder.encode(`${text === "{}" ? "{" : `${text.slice(0, -1)},`}"meetings":[`);
  // The items, a comma between two, and the closing "]}".
  let size = open.length + Math.max(list.length - 1, 0) + 2;
  for (const p of list) size += p.bytes.length;
  const bytes = new Uint8Array(size);
  bytes.set(open, 0);
  let at = open.length;
  const starts: number[] = [];
  const last = lastJoin;
  for (let i = 0; i < list.length; ) {
    if (i > 0) bytes[at++] = 0x2c; // ,
    const piece = list[i] as Piece;
    const from = last?.list[i] === piece ? last.starts[i] : undefined;
    if (last === null || from === undefined) {
      starts.push(at);
      bytes.set(piece.bytes, at);
      at += piece.bytes.length;
      i++;
      continue;
    }
    // The run's commas are in the last bytes too, between the same pieces.
    let j = i;
    while (j + 1 < list.length && last.list[j + 1] === list[j + 1]) j++;
    const end = (last.starts[j] as number) + (list[j] as Piece).bytes.length;
    for (let k = i; k <= j; k++) starts.push(at + (last.starts[k] as number) - from);
    bytes.set(last.bytes.subarray(from, end), at);
    at += end - from;
    i = j + 1;
  }
  bytes[at++] = 0x5d; // ]
  bytes[at] = 0x7d; // }
  lastJoin = { bytes, list, starts };
  return bytes;
}
