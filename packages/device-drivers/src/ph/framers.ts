// The Orion prompt framer and the Hanna STX/ETX framer behind the ChunkFramer the serial driver reads.
// Each keeps the typed frame in a queue the driver's parse step takes, in the same order as the frames.
import type { ChunkFramer } from '../driver/serial-device-driver.js';
import type { FramerOutput } from '../framing/line-framer.js';
import { createHannaFramer, type HannaFrameEvent } from '../hanna/framer.js';
import { createOrionFramer, ORION_PROMPT } from '../orion/framer.js';

/** The chunk as latin1 without XON/XOFF: misconfigured software flow control, never part of a reply. */
function latin1(chunk: Uint8Array): string {
  return Buffer.from(chunk).toString('latin1').replace(/[\x11\x13]/g, ''); // eslint-disable-line no-control-regex
}

export class OrionPromptFramer implements ChunkFramer {
  private readonly framer;

  constructor(private readonly maxBytes = 4096) {
    this.framer = createOrionFramer({ maxBytes });
  }

  push(chunk: Uint8Array): FramerOutput[] {
    const out: FramerOutput[] = [];
    for (const event of this.framer.push(latin1(chunk))) {
      if (event.kind === 'overflow') out.push({ type: 'overflow', limit: this.maxBytes, preview: '' });
      // A bare prompt (ready after power-up, or after an empty line) carries nothing.
      else if (event.text.trim() !== '') out.push({ type: 'line', text: event.text + ORION_PROMPT });
    }
    return out;
  }

  reset(): void {
    this.framer.reset();
  }
}

/** Hanna frames with the bytes they came in; `take()` gives the typed frame of each line pushed out. */
export class HannaFrameQueue implements ChunkFramer {
  private readonly framer;
  private readonly typed: HannaFrameEvent[] = [];
  private raw = '';

  constructor(maxBytes = 512) {
    this.framer = createHannaFramer({ maxBytes });
  }

  push(chunk: Uint8Array): FramerOutput[] {
    const out: FramerOutput[] = [];
    for (const ch of latin1(chunk)) {
      if (ch === '\x02') this.raw = '';
      this.raw += ch;
      for (const event of this.framer.push(ch)) {
        this.typed.push(event);
        out.push({ type: 'line', text: this.raw });
        this.raw = '';
      }
      if (this.framer.pending() === 0 && ch !== '\x02') this.raw = ''; // noise outside a frame
    }
    return out;
  }

  /** Bytes held for the frame in progress (with its STX); bounded by maxBytes + 2. */
  get bufferedBytes(): number {
    return this.raw.length;
  }

  /** The typed frame for the next line handed out by push(). */
  take(): HannaFrameEvent | undefined {
    return this.typed.shift();
  }

  reset(): void {
    this.framer.reset();
    this.typed.length = 0;
    this.raw = '';
  }
}
