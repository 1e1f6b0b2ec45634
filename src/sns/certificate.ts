// Just enough X.509 to verify an SNS signature with WebCrypto: PEM to DER, then a
// short DER walk to the SubjectPublicKeyInfo (which crypto.subtle imports as
// "spki") and the validity window. No chain building: the certificate is trusted
// because it was fetched over HTTPS from sns.<region>.amazonaws.com, which is
// what Amazon's own SDK validators rely on too.

export interface CertificateInfo {
  /** DER of the SubjectPublicKeyInfo. */
  spki: Uint8Array;
  notBefore: Date;
  notAfter: Date;
}

interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  body: number;
  end: number;
}

function readTlv(der: Uint8Array, offset: number, limit: number): Tlv | null {
  if (offset + 2 > limit) return null;
  const tag = der[offset]!;
  const first = der[offset + 1]!;
  let length = first;
  let header = 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    // Indefinite lengths are not DER; more than 4 length bytes is no certificate.
    if (count === 0 || count > 4 || offset + 2 + count > limit) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[offset + 2 + i]!;
    header = 2 + count;
  }
  const end = offset + header + length;
  if (end > limit) return null;
  return { tag, start: offset, body: offset + header, end };
}

function children(der: Uint8Array, parent: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  for (let at = parent.body; at < parent.end; ) {
    const child = readTlv(der, at, parent.end);
    if (child === null) return null;
    out.push(child);
    at = child.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

function readTime(der: Uint8Array, tlv: Tlv): Date | null {
  const text = new TextDecoder().decode(der.subarray(tlv.body, tlv.end));
  const m =
    tlv.tag === UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : tlv.tag === GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : null;
  if (!m) return null;
  let year = Number(m[1]);
  // RFC 5280: a two-digit year of 50 or more is 19xx.
  if (tlv.tag === UTC_TIME) year += year >= 50 ? 1900 : 2000;
  return new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])),
  );
}

export function pemToDer(pem: string): Uint8Array | null {
  const m = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(pem);
  if (!m) return null;
  try {
    return Uint8Array.from(atob(m[1]!.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }; null if it is not one. */
export function readCertificate(pem: string): CertificateInfo | null {
  const der = pemToDer(pem);
  if (der === null) return null;
  const cert = readTlv(der, 0, der.length);
  if (cert === null || cert.tag !== SEQUENCE) return null;
  const tbs = children(der, cert)?.[0];
  if (tbs === undefined || tbs.tag !== SEQUENCE) return null;
  const fields = children(der, tbs);
  if (fields === null) return null;
  // [0] EXPLICIT version is optional; then serial, signature, issuer, validity, subject, spki.
  const rest = fields[0]?.tag === 0xa0 ? fields.slice(1) : fields;
  const validity = rest[3];
  const spki = rest[5];
  if (validity?.tag !== SEQUENCE || spki?.tag !== SEQUENCE) return null;
  const [from, until] = children(der, validity) ?? [];
  if (from === undefined || until === undefined) return null;
  const notBefore = readTime(der, from);
  const notAfter = readTime(der, until);
  if (notBefore === null || notAfter === null) return null;
  // The whole SPKI TLV, header included, is what an "spki" import expects.
  return { spki: der.slice(spki.start, spki.end), notBefore, notAfter };
}
