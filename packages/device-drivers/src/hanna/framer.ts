// Hanna replies: <STX><answer><checksum><ETX>, or a bare ACK/NAK/CAN. The checksum is taken as the
// sum of the answer bytes mod 256 in two hex digits: the manuals say only "bytes sum of the answer
// string sent as 2 ASCII characters" [unverified against a meter].
export const STX = '\x02';
export const ETX = '\x03';
export const ACK = '\x06';
export const NAK = '\x15';
export const CAN = '\x18';

export type HannaFrameEvent =
  | { readonly kind: 'answer'; readonly answer: string }
  | { readonly kind: 'ack' }
  | { readonly kind: 'nak'; readonly code: 'command-not-recognized'; readonly message: string }
  | { readonly kind: 'can'; readonly code: 'command-corrupted'; readonly message: string }
  | { readonly kind: 'bad-checksum'; readonly code: 'bad-checksum'; readonly answer: string; readonly message: string }
  | { readonly kind: 'overflow'; readonly code: 'frame-too-long' | 'broken-frame'; readonly message: string };

export interface HannaFramer {
  /** Feed latin1 text as it arrives; returns the replies it completed. */
  push(chunk: string): HannaFrameEvent[];
  reset(): void;
  /** Bytes held for the frame in progress; never more than maxBytes. */
  pending(): number;
}

export function hannaChecksum(answer: string): string {
  let sum = 0;
  for (let i = 0; i < answer.length; i++) sum = (sum + answer.charCodeAt(i)) & 0xff;
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/** The bytes a meter would send for `answer` (for simulators and tests). */
export function encodeHannaAnswer(answer: string): string {
  return STX + answer + hannaChecksum(answer) + ETX;
}

export function createHannaFramer(options: { maxBytes?: number } = {}): HannaFramer {
  const maxBytes = options.maxBytes ?? 512;
  let buffer: string | null = null; // null: outside a frame
  return {
    push(chunk) {
      const events: HannaFrameEvent[] = [];
      for (const ch of chunk) {
        if (ch === STX) {
          if (buffer !== null) events.push({ kind: 'overflow', code: 'broken-frame', message: 'Hanna frame restarted by STX before its ETX; the partial frame was dropped' });
          buffer = '';
        } else if (buffer === null) {
          const bare = control(ch);
          if (bare) events.push(bare); // anything else outside a frame is line noise
        } else if (ch === ETX) {
          events.push(closeFrame(buffer));
          buffer = null;
        } else if (buffer.length >= maxBytes) {
          events.push({ kind: 'overflow', code: 'frame-too-long', message: `Hanna frame exceeded ${maxBytes} bytes without ETX; dropped` });
          buffer = null;
        } else {
          buffer += ch;
        }
      }
      return events;
    },
    reset() {
      buffer = null;
    },
    pending: () => buffer?.length ?? 0,
  };
}

function control(ch: string): HannaFrameEvent | null {
  if (ch === ACK) return { kind: 'ack' };
  if (ch === NAK) return { kind: 'nak', code: 'command-not-recognized', message: 'Hanna meter answered NAK: command not recognized' };
  if (ch === CAN) return { kind: 'can', code: 'command-corrupted', message: 'Hanna meter answered CAN: command corrupted' };
  return null;
}

function closeFrame(content: string): HannaFrameEvent {
  const bare = content.length === 1 ? control(content) : null;
  if (bare) return bare;
  const answer = content.slice(0, -2);
  const sent = content.slice(-2).toUpperCase();
  const expected = hannaChecksum(answer);
  if (content.length < 2 || sent !== expected) {
    return { kind: 'bad-checksum', code: 'bad-checksum', answer: content, message: `Hanna answer ${JSON.stringify(content)}: checksum ${JSON.stringify(sent)} does not match ${expected}` };
  }
  return { kind: 'answer', answer };
}
