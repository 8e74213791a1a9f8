// Tells a keyboard-wedge scan from a person typing: a scan is a fast burst of keys ended by the
// suffix key. Pure (timestamps come in with the keys), so the kiosk renderer can use it as is.
export interface WedgeKey {
  /** KeyboardEvent.key: one character, or a name such as "Enter", "Shift". */
  readonly key: string;
  /** Milliseconds (KeyboardEvent.timeStamp or performance.now()). */
  readonly at: number;
  readonly ctrlKey?: boolean;
}

export interface WedgeOptions {
  /** Largest gap between two keys of one scan. Scanners send keys < 30–50 ms apart; people rarely do. */
  readonly maxInterKeyMs?: number;
  /** Fewer characters than this before the suffix are typing, not a scan. */
  readonly minLength?: number;
  readonly suffixKeys?: readonly string[];
  /** Keys the scanner is programmed to send in place of GS (0x1D), e.g. "F8". Ctrl+] is always GS. */
  readonly gsKeys?: readonly string[];
  /** Buffer cap: a longer burst is handed back as typing. */
  readonly maxLength?: number;
}

/**
 * `interrupted`: keys at scanner speed (at least `minLength`) that stopped for more than `maxInterKeyMs`
 * before the suffix: a scan cut mid-label, discarded and named, never glued onto the next one.
 */
export type WedgeDecision =
  | { readonly kind: 'scan'; readonly data: string }
  | { readonly kind: 'typing'; readonly text: string }
  | { readonly kind: 'interrupted'; readonly partial: string; readonly message: string };

export interface WedgeDetector {
  push(key: WedgeKey): WedgeDecision | null;
  /** Call when no key came for a while: a scan-speed burst held is an interrupted scan, anything else typing. */
  flush(): WedgeDecision | null;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock']);

export function createWedgeDetector(options: WedgeOptions = {}): WedgeDetector {
  const maxGap = options.maxInterKeyMs ?? 40;
  const minLength = options.minLength ?? 4;
  const suffixKeys = new Set(options.suffixKeys ?? ['Enter']);
  const gsKeys = new Set(options.gsKeys ?? []);
  const maxLength = options.maxLength ?? 4096;
  let text = '';
  let lastAt: number | null = null;

  const take = (): WedgeDecision | null => {
    const held = text;
    text = '';
    return held === '' ? null : { kind: 'typing', text: held };
  };
  // Keys join the held text only within maxGap of each other, so minLength of them came at scanner speed.
  const stopped = (): WedgeDecision | null => {
    if (text.length < minLength) return take();
    const partial = text;
    text = '';
    const suffix = [...suffixKeys].join(' or ');
    return { kind: 'interrupted', partial, message: `scan stopped after ${partial.length} characters without ${suffix} (no key for more than ${maxGap} ms); discarded ${JSON.stringify(partial)} — scan the label again` };
  };

  return {
    push({ key, at, ctrlKey }) {
      if (MODIFIERS.has(key)) return null;
      const gap = lastAt === null ? 0 : at - lastAt;
      lastAt = at;
      if (suffixKeys.has(key)) {
        if (gap > maxGap) return stopped();
        if (text.length < minLength) return take();
        const data = text;
        text = '';
        return { kind: 'scan', data };
      }
      const ch = (ctrlKey && key === ']') || gsKeys.has(key) ? '\x1d' : key.length === 1 ? key : null;
      if (ch === null) return take(); // Tab, arrows, Backspace: a person is editing
      let decision: WedgeDecision | null = null;
      if (text !== '' && gap > maxGap) decision = stopped(); // a pause: typed keys, or a scan that stopped
      else if (text.length >= maxLength) decision = take();
      text += ch;
      return decision;
    },
    flush: stopped,
  };
}
