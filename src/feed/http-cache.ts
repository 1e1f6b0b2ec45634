// Conditional GET for the public routes: ETag and Last-Modified from the snapshot,
// 304 when the client already has it, and the cache and CORS headers every public
// response carries. The feed routes keep validators and bodies in a module-scope
// cache (render-cache.ts), so a revalidation usually costs neither KV nor hashing.

/**
 * FNV-1a, 64-bit, hex: cheap and stable, for ETags over short strings (not security).
 * Computed in two 32-bit halves with plain numbers rather than BigInt (one BigInt
 * multiply per byte was most of a revalidation's cost); the output is the same.
 */
export function fnv1a64(text: string): string {
  // The prime is 2^40 + 0x1b3, so h * prime = h * 0x1b3 + (h << 40) modulo 2^64.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i++) {
    lo = (lo ^ (bytes[i] as number)) >>> 0;
    // lo * 0x1b3 < 2^41: exact in a double, so its upper part is the carry.
    const low = lo * 0x1b3;
    hi = (Math.imul(hi, 0x1b3) + Math.floor(low / 0x100000000) + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}

/** The sync runs every 5 minutes: browsers keep a copy briefly; shared caches may serve stale while revalidating or while the Worker errs. */
export const CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400";

export interface Validators {
  etag: string;
  /** Milliseconds; null when there is nothing meaningful to say (before the first sync). */
  lastModified: number | null;
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  // Weak comparison, as RFC 9110 asks for If-None-Match: a W/ prefix does not matter.
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === bare);
}

/** True when the request's validators show the client's copy is current. */
export function isNotModified(request: Request, v: Validators): boolean {
  const ifNoneMatch = request.headers.get("If-None-Match");
  if (ifNoneMatch !== null) return etagMatches(ifNoneMatch, v.etag);
  const ifModifiedSince = request.headers.get("If-Modified-Since");
  if (ifModifiedSince !== null && v.lastModified !== null) {
    const since = Date.parse(ifModifiedSince);
    // HTTP dates have whole seconds.
    return !Number.isNaN(since) && Math.floor(v.lastModified / 1000) * 1000 <= since;
  }
  return false;
}

export function publicHeaders(contentType: string, v: Validators, cors: boolean): Headers {
  const h = new Headers({
    "Content-Type": contentType,
    "Cache-Control": CACHE_CONTROL,
    ETag: v.etag,
    "X-Content-Type-Options": "nosniff",
  });
  if (v.lastModified !== null) h.set("Last-Modified", new Date(v.lastModified).toUTCString());
  if (cors) {
    h.set("Access-Control-Allow-Origin", "*");
    h.set("Access-Control-Expose-Headers", "ETag, Last-Modified");
  }
  return h;
}

/** A 304 carries the validators and cache headers but no body or Content-Type. */
export function notModified(v: Validators, cors: boolean): Response {
  const h = publicHeaders("", v, cors);
  h.delete("Content-Type");
  return new Response(null, { status: 304, headers: h });
}

/** Serves a body built on demand, or 304 when the client has it. */
export function conditional(
  request: Request,
  v: Validators,
  contentType: string,
  cors: boolean,
  body: () => string,
): Response {
  if (isNotModified(request, v)) return notModified(v, cors);
  return new Response(body(), { status: 200, headers: publicHeaders(contentType, v, cors) });
}
