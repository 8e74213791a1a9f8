// Pure incremental line framer: bytes in, complete lines out, memory bounded by the line cap.
// A byte-at-a-time state machine, so a line split at any byte boundary frames identically.

export const XON = 0x11;
export const XOFF = 0x13;

export interface LineFramerOptions {
  /** line terminators as latin1 strings; default CR LF. With several, empty lines between them are dropped. */
  delimiters?: readonly string[];
  /** longest line content accepted, in bytes (default 256); longer lines are discarded up to the next terminator */
  maxLineLength?: number;
  /** bytes removed wherever they appear (default XON/XOFF: misconfigured software flow control) */
  dropAnywhere?: readonly number[];
  /** bytes removed at the start of a line (default NUL and 0xFF: power-up and baud-mismatch noise) */
  dropLeading?: readonly number[];
}

export type FramerOutput =
  | { type: 'line'; text: string }
  | { type: 'overflow'; limit: number; preview: string }
  /** bytes a framer gave up on (e.g. a scan that stopped mid-label); `message` names them and says why */
  | { type: 'discarded'; code: string; message: string; raw: string };

export class LineFramer {
  readonly maxLineLength: number;
  private readonly delimiters: readonly Buffer[];
  private readonly longestDelimiter: number;
  private readonly dropAnywhere: Uint8Array;
  private readonly dropLeading: Uint8Array;
  private readonly pending: Buffer;
  private length = 0;
  private discarding = false;

  constructor(options: LineFramerOptions = {}) {
    const delimiters = (options.delimiters ?? ['\r\n']).map((d) => Buffer.from(d, 'latin1'));
    if (delimiters.length === 0 || delimiters.some((d) => d.length === 0)) {
      throw new RangeError('LineFramer: delimiters must be non-empty strings');
    }
    this.maxLineLength = options.maxLineLength ?? 256;
    if (!Number.isInteger(this.maxLineLength) || this.maxLineLength < 1) {
      throw new RangeError(`LineFramer: maxLineLength must be a positive integer, got ${this.maxLineLength}`);
    }
    this.delimiters = delimiters;
    this.longestDelimiter = Math.max(...delimiters.map((d) => d.length));
    this.dropAnywhere = byteSet(options.dropAnywhere ?? [XON, XOFF]);
    this.dropLeading = byteSet(options.dropLeading ?? [0x00, 0xff]);
    this.pending = Buffer.alloc(this.maxLineLength + this.longestDelimiter);
  }

  /** Bytes held while waiting for a terminator; never more than maxLineLength + longest delimiter. */
  get bufferedBytes(): number {
    return this.length;
  }

  push(chunk: Uint8Array): FramerOutput[] {
    const out: FramerOutput[] = [];
    for (const byte of chunk) {
      if (this.dropAnywhere[byte] === 1) continue;
      if (this.length === 0 && !this.discarding && this.dropLeading[byte] === 1) continue;
      this.pending[this.length++] = byte;
      const delimiter = this.endingDelimiter();
      if (delimiter > 0) {
        const contentLength = this.length - delimiter;
        if (!this.discarding && contentLength > 0) {
          out.push({ type: 'line', text: this.pending.toString('latin1', 0, contentLength) });
        }
        this.length = 0;
        this.discarding = false;
      } else if (this.discarding) {
        this.keepTail();
      } else if (this.length >= this.maxLineLength + this.longestDelimiter) {
        // Content is already longer than the cap whatever terminator follows: report once, then resync.
        out.push({ type: 'overflow', limit: this.maxLineLength, preview: this.pending.toString('latin1', 0, Math.min(32, this.length)) });
        this.discarding = true;
        this.keepTail();
      }
    }
    return out;
  }

  /** True between the first byte of a line (kept or being discarded) and its terminator. */
  get midLine(): boolean {
    return this.length > 0 || this.discarding;
  }

  /** The line held so far, without its terminator ('' while discarding an over-long line). */
  partial(): string {
    return this.discarding ? '' : this.pending.toString('latin1', 0, this.length);
  }

  /** Forgets a partial line: a line that never got its terminator is never trusted. */
  reset(): void {
    this.length = 0;
    this.discarding = false;
  }

  private endingDelimiter(): number {
    for (const delimiter of this.delimiters) {
      if (this.length < delimiter.length) continue;
      const start = this.length - delimiter.length;
      let matches = true;
      for (let i = 0; i < delimiter.length; i++) {
        if (this.pending[start + i] !== delimiter[i]) {
          matches = false;
          break;
        }
      }
      if (matches) return delimiter.length;
    }
    return 0;
  }

  // While discarding, only a possible split terminator needs to be remembered.
  private keepTail(): void {
    const keep = Math.min(this.length, this.longestDelimiter - 1);
    this.pending.copy(this.pending, 0, this.length - keep, this.length);
    this.length = keep;
  }
}

function byteSet(bytes: readonly number[]): Uint8Array {
  const set = new Uint8Array(256);
  for (const b of bytes) set[b & 0xff] = 1;
  return set;
}
