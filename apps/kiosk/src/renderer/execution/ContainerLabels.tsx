import { useEffect, useState } from 'react';
import type { ContainerLabelView, StepView } from '../../shared/api.js';
import { useKiosk } from '../store.js';
import { useExecution } from './store.js';

/**
 * The label of the container just weighed (issue 13): its preview (the SVG the kiosk made with bwip-js),
 * whether the printer took it, and Reprint — out of paper or offline the kiosk says so and a reprint is
 * recorded and marked COPY on the label.
 */
export function ContainerLabels({ step }: { step: StepView }) {
  const { run, busy } = useExecution();
  const transport = useKiosk((s) => s.transport);
  const [labels, setLabels] = useState<readonly ContainerLabelView[]>([]);
  const [shown, setShown] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const { orderId, stepId, containers } = step;
  // A print is recorded after the weighing that made the container: fetch again when it is.
  useEffect(() => transport?.on('record-appended', (appended) => appended.type === 'label.printed' && setVersion((v) => v + 1)), [transport]);
  useEffect(() => {
    let live = true;
    void transport?.call('containerLabels', { orderId, stepId }).then((result) => {
      if (live && result.ok) setLabels(result.labels);
    });
    return () => {
      live = false;
    };
  }, [transport, orderId, stepId, containers, version]);
  if (labels.length === 0) return null;
  const label = labels.find((l) => l.sscc === shown) ?? labels[labels.length - 1]!;
  const reprint = async () => {
    await run(
      'reprintLabel',
      { orderId, stepId, sscc: label.sscc },
      `Label of container ${label.containerNo} sent again`,
    );
    setVersion((v) => v + 1);
  };
  return (
    <section className={`container-label ${label.printed ? 'printed' : 'not-printed'}`} data-testid="container-label" data-sscc={label.sscc}>
      {/* What the operator must act on first: printed or why not, and the button. */}
      <p className={label.printed ? 'label-status ok' : 'label-status problem'} data-testid="label-status">
        {label.printed ? `Printed on ${label.printerId ?? 'the printer'}${label.copies > 0 ? ` · ${label.copies} cop${label.copies === 1 ? 'y' : 'ies'}` : ''}` : `NOT printed: ${label.problem ?? 'no printer'}`}
      </p>
      <button type="button" className={label.printed ? 'secondary' : 'primary'} data-testid="label-reprint" disabled={busy} onClick={() => void reprint()}>
        {label.printed ? `Reprint (COPY ${label.copies + 1})` : 'Print again'}
      </button>
      {labels.length > 1 ? (
        <div className="label-tabs">
          {labels.map((l) => (
            <button key={l.sscc} type="button" className={`choice ${l.sscc === label.sscc ? 'chosen' : ''}`} data-testid={`label-tab-${l.containerNo}`} onClick={() => setShown(l.sscc)}>
              {l.containerNo} {l.printed ? '✓' : '!'}
            </button>
          ))}
        </div>
      ) : null}
      <img className="label-preview" data-testid="label-preview" alt={`Label of container ${label.containerNo}: ${label.gs1}`} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(label.svg)}`} />
      <p className="label-sscc" data-testid="label-sscc">
        SSCC {label.sscc} · {label.netKg} kg · lot {label.lotId}
      </p>
    </section>
  );
}
