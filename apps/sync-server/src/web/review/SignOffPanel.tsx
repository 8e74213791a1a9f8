import { useState } from 'react';
import { api } from '../api.js';
import { SignatureDialog, shortHash } from '../ui/index.js';
import type { BatchRecordView } from './types.js';
import { MEANING_WORDS, when } from './words.js';

const MEANINGS = [
  { value: 'reviewed', label: 'Reviewed', description: 'I reviewed this batch record and its exceptions and find it complete and correct.' },
  { value: 'approved-for-release', label: 'Approved for release', description: 'I approve the batch for release on the basis of this batch record.' },
] as const;

/** The review signatures given so far, whether the record may be signed now (and why not, in words), and the Part 11 signing. */
export function SignOffPanel({ view, onSigned }: { view: BatchRecordView; onSigned: () => void }) {
  const [open, setOpen] = useState(false);
  const { review, contentHash, orderId } = view;
  const signed = new Set(review.signatures.filter((s) => s.current).map((s) => s.meaning));
  const meanings = MEANINGS.filter((m) => !signed.has(m.value));
  return (
    <section className="panel sign-off" aria-labelledby="signoff-title">
      <h2 id="signoff-title">Sign-off</h2>
      {review.signatures.length > 0 ? (
        <ul className="signatures">
          {review.signatures.map((s) => (
            <li key={s.signatureId} className={s.current ? '' : 'muted'} data-meaning={s.meaning}>
              <strong>{MEANING_WORDS[s.meaning] ?? s.meaning}</strong> — {s.signer.printedName} ({s.signer.userId}), {when(s.signedAt)}, signing <code title={s.contentHash}>{shortHash(s.contentHash, 18)}</code>
              {s.current ? null : ' (history: the record changed after it)'}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Not signed yet.</p>
      )}
      {review.signable.ok ? (
        <p className="good">Every exception is reviewed and the record is complete: it can be signed.</p>
      ) : (
        <div className="refusals" data-signable="false">
          <p>It cannot be signed yet:</p>
          <ul>
            {review.signable.refusals.map((r) => (
              <li key={r} className="warn">
                {r}
              </li>
            ))}
          </ul>
        </div>
      )}
      {meanings.length > 0 ? (
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          Sign the review…
        </button>
      ) : null}
      <SignatureDialog
        open={open}
        title={`Sign the batch record of ${orderId}`}
        signing={
          <>
            The batch record of order <strong>{orderId}</strong> as shown on this page ({view.record.sources.filter((s) => s.orderRecord).length} records, {view.record.exceptions.length} exceptions), content hash{' '}
            <code title={contentHash}>{contentHash}</code>
          </>
        }
        meanings={meanings}
        onCancel={() => setOpen(false)}
        onSign={async (signature) => {
          await api.post(`/api/v1/batch-records/${encodeURIComponent(orderId)}/signatures`, { ...signature, contentHash });
          setOpen(false);
          onSigned();
        }}
      />
    </section>
  );
}
