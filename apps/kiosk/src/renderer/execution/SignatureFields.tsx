import type { ReactNode } from 'react';
import { DialogFooter } from './DialogFooter.js';

/**
 * The two components of an electronic signature (21 CFR 11.200): who signs and their PIN, asked every
 * time, with the reason where the act needs one. Every signing dialog of the kiosk uses this one form.
 */
export interface SignatureFieldsProps {
  /** Prefix of the test ids: `<prefix>-user`, `-reason`, `-pin`, `-error`, `-submit`. */
  readonly testIdPrefix?: string;
  readonly userLabel: string;
  readonly userId: string;
  readonly setUserId: (value: string) => void;
  readonly reason?: { readonly label: string; readonly value: string; readonly set: (value: string) => void };
  readonly pin: string;
  readonly setPin: (value: string) => void;
  readonly error: string | null;
  readonly submitLabel: string;
  readonly onCancel: () => void;
  readonly onSubmit: () => void;
  /** More fields shown before the error (a second person's signature), and whether they are filled in. */
  readonly extra?: { readonly fields: ReactNode; readonly ready: boolean };
}

export function SignatureFields(props: SignatureFieldsProps) {
  const id = (name: string) => (props.testIdPrefix ? `${props.testIdPrefix}-${name}` : undefined);
  const ready = props.userId.trim() !== '' && props.pin !== '' && (props.extra?.ready ?? true);
  return (
    <>
      <label className="field sig-user">
        {props.userLabel}
        <input data-testid={id('user')} value={props.userId} onChange={(e) => props.setUserId(e.target.value)} autoComplete="off" />
      </label>
      {props.reason ? (
        <label className="field sig-reason">
          {props.reason.label}
          <input data-testid={id('reason')} value={props.reason.value} onChange={(e) => props.reason?.set(e.target.value)} />
        </label>
      ) : null}
      <label className="field sig-pin">
        PIN
        <input
          data-testid={id('pin')}
          type="password"
          inputMode="numeric"
          value={props.pin}
          onChange={(e) => props.setPin(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && ready && props.onSubmit()}
        />
      </label>
      {props.extra?.fields}
      <DialogFooter
        error={props.error}
        {...(id('error') ? { errorTestId: id('error') } : {})}
        submitLabel={props.submitLabel}
        {...(id('submit') ? { submitTestId: id('submit') } : {})}
        disabled={!ready}
        onCancel={props.onCancel}
        onSubmit={props.onSubmit}
      />
    </>
  );
}
