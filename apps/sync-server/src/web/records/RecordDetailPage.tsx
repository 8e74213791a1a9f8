import { Link, useLocation, useParams } from 'react-router';
import { ErrorBox, fieldLabel, formatTime, Page, typeLabel, useApi } from '../ui/index.js';
import { describeActor, describeValue } from './describe.js';
import { FlagList } from './RecordsPage.js';
import type { ChainLink, RecordDetail } from './types.js';

const PREVIOUS: Record<ChainLink, [string, string]> = {
  first: ['good', 'the first record of this kiosk key'],
  links: ['good', 'links to the previous record (its hash matches)'],
  mismatch: ['bad', 'does NOT match the previous stored record'],
  'not-stored': ['warn', 'the previous record is not stored here'],
};
const NEXT: Record<ChainLink, [string, string]> = {
  first: ['good', ''],
  links: ['good', 'the next record links to this one'],
  mismatch: ['bad', 'the next stored record does NOT link to this one'],
  'not-stored': ['muted', 'no later record of this key yet'],
};

export function RecordDetailPage() {
  const { recordId = '' } = useParams();
  const location = useLocation();
  const back = `/records${(location.state as { back?: string } | null)?.back ?? ''}`;
  const { data, error, reload } = useApi<RecordDetail>(`/api/v1/records/${encodeURIComponent(recordId)}`);
  if (error) {
    return (
      <Page title="Record" actions={<Link to={back}>← All records</Link>}>
        <ErrorBox error={error} onRetry={reload} />
      </Page>
    );
  }
  if (!data) return <p className="loading">Loading…</p>;
  const { record, chain, contract } = data;
  const [prevClass, prevText] = PREVIOUS[chain.previous];
  const [nextClass, nextText] = NEXT[chain.next];
  return (
    <Page title={typeLabel(record.type)} subtitle={contract?.description ?? record.type} actions={<Link to={back}>← All records</Link>}>
      <div className="detail-grid">
        <section className="panel">
          <h2>What it says</h2>
          <dl className="facts">
            {Object.entries(record.payload)
              .filter(([key]) => key !== 'type')
              .map(([key, value]) => (
                <div key={key} className="fact">
                  <dt title={key}>{contract?.fields[key] ?? fieldLabel(key)}</dt>
                  <dd>{key === 'at' || key.endsWith('At') ? formatTime(String(value)) : describeValue(value)}</dd>
                </div>
              ))}
          </dl>
        </section>
        <section className="panel">
          <h2>Who, when, where</h2>
          <dl className="facts">
            <dt>By</dt>
            <dd>{describeActor(record.actor)}</dd>
            <dt>Happened</dt>
            <dd>{formatTime(record.occurredAt)}</dd>
            <dt>Received</dt>
            <dd>{formatTime(record.receivedAt)}</dd>
            <dt>Kiosk</dt>
            <dd className="mono">
              {record.kioskId}, key {record.keyId}, seq {record.seq}
            </dd>
            {Object.entries(record.subject).map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{fieldLabel(k)}</dt>
                <dd>{k === 'order' ? <Link to={`/records?orderId=${encodeURIComponent(v)}`}>{v}</Link> : v}</dd>
              </div>
            ))}
            <dt>Master data</dt>
            <dd>version {record.masterDataVersion}</dd>
          </dl>
        </section>
        <section className="panel">
          <h2>Integrity</h2>
          <dl className="facts">
            <dt>Signature</dt>
            <dd className="good">verified with the kiosk key {record.keyId} before it was stored ✓</dd>
            <dt>Chain</dt>
            <dd>
              <span className={prevClass}>{prevText}</span>
              {chain.previousId ? (
                <>
                  {' '}
                  (<Link to={`/records/${encodeURIComponent(chain.previousId)}`}>previous</Link>)
                </>
              ) : null}
              <br />
              <span className={nextClass}>{nextText}</span>
              {chain.nextId ? (
                <>
                  {' '}
                  (<Link to={`/records/${encodeURIComponent(chain.nextId)}`}>next</Link>)
                </>
              ) : null}
            </dd>
            <dt>Hash</dt>
            <dd className="mono">{record.hash}</dd>
            <dt>Previous hash</dt>
            <dd className="mono">{record.prevHash}</dd>
            <dt>Record id</dt>
            <dd className="mono">{record.id}</dd>
            <dt>Flags</dt>
            <dd>
              <FlagList record={record} />
            </dd>
          </dl>
        </section>
      </div>
      <details className="panel raw">
        <summary>The signed record exactly as stored (JSON)</summary>
        <pre>{JSON.stringify(record.envelope, null, 2)}</pre>
      </details>
    </Page>
  );
}
