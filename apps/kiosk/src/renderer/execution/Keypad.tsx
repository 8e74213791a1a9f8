export const KEYPAD_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;
export type KeypadKey = (typeof KEYPAD_KEYS)[number];

/** Applies a keypad key to a field's text, keeping it within `max` characters. */
export function pressKey(text: string, key: KeypadKey, max: number): string {
  if (key === 'clear') return '';
  if (key === 'back') return text.slice(0, -1);
  return text.length < max ? text + key : text;
}

/** A digit keypad big enough for gloved fingers; its keys never take the focus, so the field keeps its caret. */
export function Keypad({ onPress, testIdPrefix = 'key' }: { onPress: (key: KeypadKey) => void; testIdPrefix?: string }) {
  return (
    <div className="keypad">
      {KEYPAD_KEYS.map((key) => (
        <button key={key} type="button" className="key" data-testid={`${testIdPrefix}-${key}`} onMouseDown={(e) => e.preventDefault()} onClick={() => onPress(key)}>
          {key === 'clear' ? 'Clear' : key === 'back' ? '⌫' : key}
        </button>
      ))}
    </div>
  );
}
