// Serial scan lines with an inter-character timeout (issue 8 §3): Node side, since LineFramer uses
// Buffer; the pure ./scanner subpath stays browser-safe.
import type { ChunkFramer } from '../driver/serial-device-driver.js';
import { LineFramer, type FramerOutput } from '../framing/line-framer.js';

/**
 * A scanner sends a whole label in one burst (a character every ~1 ms at 9600 baud, one USB packet on
 * CDC-ACM). A gap this long with no suffix means the scan stopped mid-label.
 */
export const DEFAULT_SCAN_INTER_CHARACTER_TIMEOUT_MS = 100;

export interface ScanLineFramerOptions {
  /** longest scan accepted, in bytes (default 4096) */
  readonly maxLineLength?: number;
  /** a gap of this many ms or more inside a scan discards what came so far (default 100) */
  readonly interCharacterTimeoutMs?: number;
  /** milliseconds, monotonic enough for gaps; tests pass a manual clock */
  readonly now?: () => number;
}

/**
 * Scan lines with an inter-character timeout: the characters of a scan that stops before its suffix
 * are reported once as 'scan-interrupted', naming them, and never glued onto the next scan.
 */
export class ScanLineFramer implements ChunkFramer {
  readonly interCharacterTimeoutMs: number;
  private readonly lines: LineFramer;
  private readonly now: () => number;
  private lastByteAt = 0;

  constructor(options: ScanLineFramerOptions = {}) {
    this.interCharacterTimeoutMs = options.interCharacterTimeoutMs ?? DEFAULT_SCAN_INTER_CHARACTER_TIMEOUT_MS;
    if (!(this.interCharacterTimeoutMs > 0)) throw new RangeError(`ScanLineFramer: interCharacterTimeoutMs must be more than 0, got ${this.interCharacterTimeoutMs}`);
    // CR, LF or CR LF suffix; several delimiters drop the empty line between CR and LF.
    this.lines = new LineFramer({ delimiters: ['\r', '\n'], maxLineLength: options.maxLineLength ?? 4096 });
    this.now = options.now ?? Date.now;
  }

  push(chunk: Uint8Array): FramerOutput[] {
    const at = this.now();
    // Bytes after a long gap start a new scan: what was held before the gap is an interrupted one.
    const out = this.expire(at);
    out.push(...this.lines.push(chunk));
    this.lastByteAt = at;
    return out;
  }

  /** Milliseconds until the held characters time out, or undefined when nothing is held. */
  idleMs(): number | undefined {
    if (!this.lines.midLine) return undefined;
    return Math.max(0, this.lastByteAt + this.interCharacterTimeoutMs - this.now());
  }

  /** Discards the held characters if the timeout has passed since the last byte. */
  expire(at: number = this.now()): FramerOutput[] {
    if (!this.lines.midLine || at - this.lastByteAt < this.interCharacterTimeoutMs) return [];
    const partial = this.lines.partial();
    this.lines.reset();
    // The tail of an over-long line was reported when it overflowed.
    if (partial === '') return [];
    return [
      {
        type: 'discarded',
        code: 'scan-interrupted',
        message: `scan stopped after ${partial.length} characters without its end-of-scan suffix (nothing for ${this.interCharacterTimeoutMs} ms); discarded ${JSON.stringify(partial)} — scan the label again`,
        raw: partial,
      },
    ];
  }

  reset(): void {
    this.lines.reset();
  }
}
