import { useEffect, useRef, useState } from 'react';

const ROWS = [
  ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-'],
  ['Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '.'],
  ['A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ','],
  ['Z', 'X', 'C', 'V', 'B', 'N', 'M', '/', ':'],
] as const;

type TextField = HTMLInputElement | HTMLTextAreaElement;
const TEXT_TYPES = new Set(['text', 'search', 'password', '']);

function isTextField(el: EventTarget | null): el is TextField {
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  return el instanceof HTMLInputElement && TEXT_TYPES.has(el.getAttribute('type') ?? '') && !el.readOnly && !el.disabled;
}

/** Sets a React-controlled field's value the way typing does: through the native setter, then an input event. */
function typeInto(field: TextField, edit: (value: string, start: number, end: number) => { value: string; caret: number }) {
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? field.value.length;
  const next = edit(field.value, start, end);
  const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, next.value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
  try {
    field.setSelectionRange(next.caret, next.caret);
  } catch {
    // Some input types have no caret; the value is set all the same.
  }
}

/**
 * An on-screen keyboard for every text field at the station (badge, reasons, hold ids, titles): it types
 * into the field last touched, opens by itself when a field is touched with a finger, and from the ⌨ key.
 * Its keys never take the focus, so the field keeps its caret.
 */
export function TouchKeyboard() {
  const [open, setOpen] = useState(false);
  const [shift, setShift] = useState(true);
  const field = useRef<TextField | null>(null);
  useEffect(() => {
    const onFocus = (e: FocusEvent) => {
      if (isTextField(e.target)) field.current = e.target;
    };
    const onPointer = (e: PointerEvent) => {
      if (e.pointerType === 'touch' && isTextField(e.target)) {
        field.current = e.target;
        setOpen(true);
      }
    };
    document.addEventListener('focusin', onFocus);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('focusin', onFocus);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, []);
  useEffect(() => {
    document.body.classList.toggle('keyboard-open', open);
    if (open) field.current?.scrollIntoView({ block: 'nearest' });
    return () => document.body.classList.remove('keyboard-open');
  }, [open]);
  const target = () => {
    const f = field.current;
    if (!f || !f.isConnected) return null;
    if (document.activeElement !== f) f.focus();
    return f;
  };
  const press = (key: string) => {
    const f = target();
    if (!f) return;
    const text = /^[A-Z]$/.test(key) && !shift ? key.toLowerCase() : key;
    typeInto(f, (v, s, e) => ({ value: v.slice(0, s) + text + v.slice(e), caret: s + text.length }));
  };
  const back = () => {
    const f = target();
    if (!f) return;
    typeInto(f, (v, s, e) => (s !== e ? { value: v.slice(0, s) + v.slice(e), caret: s } : { value: v.slice(0, Math.max(0, s - 1)) + v.slice(s), caret: Math.max(0, s - 1) }));
  };
  const enter = () => {
    const f = target();
    if (!f) return;
    f.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  };
  const keep = (e: React.PointerEvent | React.MouseEvent) => e.preventDefault();
  return (
    <>
      <button type="button" className={`tab keyboard-toggle ${open ? 'chosen' : ''}`} title="On-screen keyboard" data-testid="keyboard-toggle" aria-pressed={open} onPointerDown={keep} onMouseDown={keep} onClick={() => setOpen((o) => !o)}>
        ⌨
      </button>
      {open ? (
        <div className="touch-keyboard" data-testid="touch-keyboard" role="group" aria-label="On-screen keyboard" onPointerDown={keep} onMouseDown={keep}>
          {ROWS.map((row, i) => (
            <div key={i} className="kb-row">
              {row.map((key) => (
                <button key={key} type="button" className="kb-key" data-testid={`kb-${key}`} onClick={() => press(key)}>
                  {/^[A-Z]$/.test(key) && !shift ? key.toLowerCase() : key}
                </button>
              ))}
            </div>
          ))}
          <div className="kb-row">
            <button type="button" className={`kb-key wide ${shift ? 'chosen' : ''}`} data-testid="kb-shift" aria-pressed={shift} onClick={() => setShift((s) => !s)}>
              ⇧ {shift ? 'ABC' : 'abc'}
            </button>
            <button type="button" className="kb-key space" data-testid="kb-space" onClick={() => press(' ')}>
              space
            </button>
            <button type="button" className="kb-key wide" data-testid="kb-back" onClick={back}>
              ⌫
            </button>
            <button type="button" className="kb-key wide" data-testid="kb-enter" onClick={enter}>
              ⏎
            </button>
            <button type="button" className="kb-key wide" data-testid="kb-done" onClick={() => setOpen(false)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
