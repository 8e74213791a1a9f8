import { formatTime } from '../../ui/index.js';
import { Fingerprint } from './Fingerprint.js';
import type { KioskKey } from './types.js';

/** One key as the admin compares it: the fingerprint large, then who enrolled it, from where and when. */
export function KeyFacts({ heading, keyOf, testId }: { heading: string; keyOf: KioskKey; testId: string }) {
  return (
    <section className={`key-facts ${keyOf.state}`} data-testid={testId} data-key-id={keyOf.keyId}>
      <h3>{heading}</h3>
      <Fingerprint value={keyOf.fingerprint} big testId={`${testId}-fingerprint`} />
      <dl>
        <dt>Key</dt>
        <dd>
          {keyOf.keyId} (number {keyOf.keyNumber})
        </dd>
        <dt>Enrolled</dt>
        <dd>{formatTime(keyOf.createdAt)}</dd>
        <dt>Host</dt>
        <dd>{keyOf.hostname ?? 'not given'}</dd>
        <dt>App version</dt>
        <dd>{keyOf.appVersion ?? 'not known'}</dd>
        {keyOf.approvedBy ? (
          <>
            <dt>Approved</dt>
            <dd>
              by {keyOf.approvedBy}, {formatTime(keyOf.approvedAt)}
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
