/** The foot of every form dialog, signatures included: the refusal in words, Cancel, and the act. */
export function DialogFooter(props: { error: string | null; errorTestId?: string; submitLabel: string; submitTestId?: string; disabled: boolean; onCancel: () => void; onSubmit: () => void }) {
  return (
    <>
      {props.error !== null ? (
        <p className="notice error dialog-error" role="alert" data-testid={props.errorTestId}>
          {props.error}
        </p>
      ) : null}
      <div className="actions dialog-actions">
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" data-testid={props.submitTestId} disabled={props.disabled} onClick={props.onSubmit}>
          {props.submitLabel}
        </button>
      </div>
    </>
  );
}
