import { ApiError } from '../api.js';

/** What went wrong, in the server's own sentence (it names the thing and the reason). */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function ErrorBox({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const status = error instanceof ApiError && error.status > 0 ? error.status : undefined;
  return (
    <div className="error-box" role="alert">
      {title ? <strong>{title}: </strong> : null}
      <span>{describeError(error)}</span>
      {status === 403 ? <small> (your roles do not allow this)</small> : null}
      {onRetry ? (
        <button type="button" className="link" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
