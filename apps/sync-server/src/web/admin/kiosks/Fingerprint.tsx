// The sub-path keeps the protocol's schemas out of the screen's bundle.
import { groupKeyFingerprint } from '@lineside/sync-protocol/enrollment-code';

/** A key fingerprint in groups of four, as the kiosk shows its own; `big` in the dialogs where it is compared. */
export function Fingerprint({
  value,
  big = false,
  testId,
}: {
  value: string;
  big?: boolean;
  testId?: string;
}) {
  return (
    <span className={`fingerprint${big ? ' big' : ''}`} data-testid={testId} data-fingerprint={value}>
      {groupKeyFingerprint(value)}
    </span>
  );
}
