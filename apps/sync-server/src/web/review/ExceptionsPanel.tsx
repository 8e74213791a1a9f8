import { useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { useSubmit } from '../ui/index.js';
import type { BatchRecordException, ReviewState } from './types.js';
import { RecordLinks, SeverityPill, when } from './words.js';

type Mark = ReviewState['marks'][number];

function MarkForm({ orderId, exception, onMarked }: { orderId: string; exception: BatchRecordException; onMarked: () => void }) {
  const [comment, setComment] = useState('');
  const { busy, refusal, run } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => api.post(`/api/v1/batch-records/${encodeURIComponent(orderId)}/marks`, { exceptionId: exception.id, ...(comment.trim() ? { comment: comment.trim() } : {}) }))) onMarked();
  };
  return (
    <form className="mark-form" onSubmit={(e) => void submit(e)}>
      <label>
        <span>{exception.needsComment ? 'Comment (required: why is it acceptable?)' : 'Comment (optional)'}</span>
        <textarea name="comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} required={exception.needsComment} maxLength={4000} />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Marking…' : 'Mark reviewed'}
      </button>
      {refusal ? (
        <p className="error-box" role="alert">
          Not marked: {refusal}
        </p>
      ) : null}
    </form>
  );
}

/** The exceptions of the batch record, first on the page: each one marked reviewed (with a comment where it needs one). */
export function ExceptionsPanel({ orderId, exceptions, review, onChange }: { orderId: string; exceptions: readonly BatchRecordException[]; review: ReviewState; onChange: () => void }) {
  const marksOf = (id: string): Mark[] => review.marks.filter((m) => m.exceptionId === id);
  const unmarked = review.unmarkedExceptions.length;
  return (
    <section className="panel exceptions" aria-labelledby="exceptions-title">
      <h2 id="exceptions-title">
        Exceptions{' '}
        <span className={unmarked > 0 ? 'pill warn' : 'pill ok'}>
          {exceptions.length === 0 ? 'none' : unmarked > 0 ? `${unmarked} of ${exceptions.length} to review` : `all ${exceptions.length} reviewed`}
        </span>
      </h2>
      {exceptions.length === 0 ? <p className="muted">The records show no exception: nothing out of tolerance, overridden, held, deviated, late or missing.</p> : null}
      <ol className="exception-list">
        {exceptions.map((x) => {
          const marks = marksOf(x.id);
          const current = marks.find((m) => m.current);
          const stale = marks.filter((m) => !m.current);
          return (
            <li key={x.id} className={`exception ${current ? 'is-marked' : 'is-open'}`} data-exception-id={x.id} data-kind={x.kind}>
              <div className="exception-head">
                <SeverityPill severity={x.severity} />
                <strong>{x.title}</strong>
                {x.stepId ? <span className="muted">step {x.stepId}</span> : null}
              </div>
              <p>{x.message}</p>
              <div className="small muted">
                From records <RecordLinks records={x.records} />
              </div>
              {current ? (
                <p className="mark good" data-marked="true">
                  ✓ Reviewed by {current.markedBy.printedName} ({current.markedBy.userId}), {when(current.markedAt)}
                  {current.comment ? <>: “{current.comment}”</> : null}
                </p>
              ) : (
                <>
                  {stale.map((m) => (
                    <p key={m.markedAt} className="mark warn small">
                      Marked by {m.markedBy.printedName} {when(m.markedAt)}, but the exception changed since: review it again.
                    </p>
                  ))}
                  <MarkForm orderId={orderId} exception={x} onMarked={onChange} />
                </>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
