// Orion replies end with a `>` prompt, not a line terminator: a frame is everything before the prompt.
export type OrionFrameEvent =
  | { readonly kind: 'frame'; readonly text: string }
  | { readonly kind: 'overflow'; readonly code: 'frame-too-long'; readonly message: string };

export interface OrionFramer {
  /** Feed latin1 text as it arrives; returns the frames it completed. */
  push(chunk: string): OrionFrameEvent[];
  /** Drop any partial frame (after a reconnect). */
  reset(): void;
  /** Bytes held for the frame in progress; never more than maxBytes. */
  pending(): number;
}

export const ORION_PROMPT = '>';

export function createOrionFramer(options: { maxBytes?: number } = {}): OrionFramer {
  const maxBytes = options.maxBytes ?? 4096;
  let buffer = '';
  let discarding = false;
  return {
    push(chunk) {
      const events: OrionFrameEvent[] = [];
      let rest = chunk;
      for (let at = rest.indexOf(ORION_PROMPT); at >= 0; at = rest.indexOf(ORION_PROMPT)) {
        const text = buffer + rest.slice(0, at);
        rest = rest.slice(at + 1);
        buffer = '';
        if (discarding) discarding = false; // the over-long frame ends here; it was reported already
        else if (text.length > maxBytes) events.push(overflow(maxBytes));
        else events.push({ kind: 'frame', text });
      }
      if (discarding) return events;
      buffer += rest;
      if (buffer.length > maxBytes) {
        buffer = '';
        discarding = true;
        events.push(overflow(maxBytes));
      }
      return events;
    },
    reset() {
      buffer = '';
      discarding = false;
    },
    pending: () => buffer.length,
  };
}

function overflow(maxBytes: number): OrionFrameEvent {
  return { kind: 'overflow', code: 'frame-too-long', message: `Orion reply exceeded ${maxBytes} bytes without a ">" prompt; discarded up to the next prompt` };
}
