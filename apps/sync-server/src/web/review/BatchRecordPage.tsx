import { Link, useParams } from 'react-router';
import { ErrorBox, Page, shortHash, useApi } from '../ui/index.js';
import { ExceptionsPanel } from './ExceptionsPanel.js';
import { FullRecord } from './FullRecord.js';
import { SignOffPanel } from './SignOffPanel.js';
import type { BatchRecordView } from './types.js';
import { person, StatusPill, when } from './words.js';

function Completeness({ view }: { view: BatchRecordView }) {
  const { completeness } = view.record;
  const failing = completeness.checks.filter((c) => !c.ok);
  return (
    <section className={`panel completeness ${completeness.complete ? 'is-complete' : 'is-incomplete'}`} data-complete={completeness.complete}>
      <h2>{completeness.complete ? <span className="good">✓ Complete</span> : <span className="bad">✗ Not complete</span>}</h2>
      <p>{completeness.statement}</p>
      {failing.length > 0 ? (
        <ul>
          {failing.flatMap((c) => (c.missing.length > 0 ? c.missing : [c.what]).map((m) => <li key={`${c.id}:${m}`} className="bad">{m}</li>))}
        </ul>
      ) : null}
      <details>
        <summary>What was checked ({completeness.checks.length} checks, {completeness.chains.length} kiosk chain{completeness.chains.length === 1 ? '' : 's'})</summary>
        <ul className="checks">
          {completeness.checks.map((c) => (
            <li key={c.id} className={c.ok ? 'good' : 'bad'}>
              {c.ok ? '✓' : '✗'} {c.what}
            </li>
          ))}
        </ul>
        <ul className="checks">
          {completeness.chains.map((ch) => (
            <li key={ch.keyId} className={ch.problems.length === 0 ? '' : 'bad'}>
              <span className="mono">{ch.keyId}</span> seq {ch.fromSeq}–{ch.toSeq}: {ch.records} records ({ch.orderRecords} of the order) — {ch.contiguous ? 'no gap' : 'GAP'}, {ch.linked ? 'hashes link' : 'hashes do NOT link'},{' '}
              {ch.signaturesVerified ? 'every signature verified' : 'signatures NOT verified'}, {ch.acknowledged ? 'receipted' : 'not receipted'}
              {ch.problems.length > 0 ? `: ${ch.problems.join('; ')}` : ''}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function Header({ view }: { view: BatchRecordView }) {
  const h = view.record.header;
  const recipe = h.recipe;
  return (
    <section className="panel header-panel">
      <dl className="facts two-col">
        <dt>Product</dt>
        <dd>{h.product ?? '—'}</dd>
        <dt>Batch</dt>
        <dd>{h.batchNumber ?? '—'}</dd>
        <dt>Recipe</dt>
        <dd>
          {recipe ? `${recipe.name ?? recipe.id} (${recipe.id}) v${recipe.version}` : '—'}
          {recipe?.status ? `, ${recipe.status}` : ''}
          {recipe?.approval?.approvedBy ? ` by ${recipe.approval.approvedBy}${recipe.approval.approvedAt ? ` on ${recipe.approval.approvedAt}` : ''}` : ''}
        </dd>
        <dt>Batch size</dt>
        <dd>{recipe?.batchSize ? `${recipe.batchSize} ${recipe.batchUnit ?? ''}` : '—'}</dd>
        <dt>Station · kiosks</dt>
        <dd>
          {h.stationId ?? '—'} · {h.kiosks.join(', ') || '—'}
        </dd>
        <dt>Master data</dt>
        <dd>{h.masterDataVersion !== null ? `version ${h.masterDataVersion} at the start` : '—'}</dd>
        <dt>Started</dt>
        <dd>
          {when(h.startedAt) || '—'} {h.startedBy ? `by ${person(h.startedBy)}` : ''}
        </dd>
        <dt>Completed</dt>
        <dd>
          {when(h.completedAt) || <span className="warn">not completed</span>} {h.completedBy ? `by ${person(h.completedBy)}` : ''}
        </dd>
        <dt>Content hash</dt>
        <dd>
          <code title={view.contentHash}>{shortHash(view.contentHash, 24)}</code>
        </dd>
      </dl>
    </section>
  );
}

/** One batch record, reviewed by exception: exceptions first, completeness, sign-off, then the full record. */
export function BatchRecordPage() {
  const { orderId = '' } = useParams();
  const { data: view, error, reload } = useApi<BatchRecordView>(`/api/v1/batch-records/${encodeURIComponent(orderId)}`);
  const back = <Link to="/review">← Orders</Link>;
  if (error) {
    return (
      <Page title={`Batch record ${orderId}`} actions={back}>
        <ErrorBox error={error} onRetry={reload} />
      </Page>
    );
  }
  if (!view) return <p className="loading">Assembling the batch record of {orderId}…</p>;
  return (
    <Page
      title={`Batch record ${view.orderId}`}
      subtitle={
        <>
          <StatusPill status={view.review.status} /> {view.record.header.product ?? ''} {view.record.header.batchNumber ? `· batch ${view.record.header.batchNumber}` : ''}
        </>
      }
      actions={
        <>
          <Link to={`/records?orderId=${encodeURIComponent(view.orderId)}`}>Its records</Link>
          {/* Plain downloads: the server answers them as attachments (GET by the session cookie, no state change). */}
          <a href={`/api/v1/batch-records/${encodeURIComponent(view.orderId)}/pdf`} download>
            PDF
          </a>
          <a href={`/api/v1/batch-records/${encodeURIComponent(view.orderId)}/bundle`} download title="The signed records, keys, receipts and review signatures, for lineside-verify">
            Bundle
          </a>
          {back}
        </>
      }
    >
      {view.review.reopened ? (
        <p className="notice" role="status">
          <strong>The review is open again:</strong> {view.review.reopened.reason}
        </p>
      ) : null}
      <div className="review-grid">
        <div className="review-main">
          <ExceptionsPanel orderId={view.orderId} exceptions={view.record.exceptions} review={view.review} onChange={reload} />
        </div>
        <div className="review-side">
          <Completeness view={view} />
          <SignOffPanel view={view} onSigned={reload} />
        </div>
      </div>
      <Header view={view} />
      <FullRecord record={view.record} />
    </Page>
  );
}
