/**
 * Kiosk request authentication. Records carry their own signatures, but calls such as pull and
 * status must also prove which enrolled key is asking. The kiosk signs one line of text:
 *
 *   lineside-request-v1\n<METHOD>\n<path with query>\n<timestamp ISO UTC>\n<sha256:hex of body, or sha256 of "">
 *
 * and sends `Authorization: Lineside-Ed25519 keyId="<keyId>", ts="<timestamp>", sig="<base64url>"`.
 * The server refuses a timestamp more than REQUEST_CLOCK_TOLERANCE_MS from its own clock.
 */
export const REQUEST_AUTH_SCHEME = 'Lineside-Ed25519';
export const REQUEST_CLOCK_TOLERANCE_MS = 5 * 60_000;

export function requestSigningText(method: string, pathWithQuery: string, timestamp: string, bodyHash: string): string {
  return ['lineside-request-v1', method.toUpperCase(), pathWithQuery, timestamp, bodyHash].join('\n');
}

export function formatAuthorization(keyId: string, timestamp: string, sig: string): string {
  return `${REQUEST_AUTH_SCHEME} keyId="${keyId}", ts="${timestamp}", sig="${sig}"`;
}

export type ParsedAuthorization = { keyId: string; ts: string; sig: string };

export function parseAuthorization(header: string | undefined): ParsedAuthorization | { error: string } {
  if (!header) return { error: 'the Authorization header is missing' };
  const prefix = `${REQUEST_AUTH_SCHEME} `;
  if (!header.startsWith(prefix)) return { error: `the Authorization scheme must be ${REQUEST_AUTH_SCHEME}` };
  const fields: Record<string, string> = {};
  for (const part of header.slice(prefix.length).split(',')) {
    const match = /^\s*([A-Za-z]+)="([^"]*)"\s*$/.exec(part);
    if (!match) return { error: `the Authorization header has a malformed field: ${part.trim()}` };
    fields[match[1]!] = match[2]!;
  }
  const { keyId, ts, sig } = fields;
  if (!keyId || !ts || !sig) return { error: 'the Authorization header needs keyId, ts and sig' };
  return { keyId, ts, sig };
}
