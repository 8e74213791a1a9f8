import { useCallback, useState } from 'react';
import { describeError } from './ErrorBox.js';

export interface Submission {
  /** A request of this form is under way: its buttons are disabled. */
  readonly busy: boolean;
  /** Why the last attempt was refused, in the server's words (undefined: none, or it succeeded). */
  readonly refusal: string | undefined;
  /** Says why before anything is sent (a choice missing): shown where a refusal is. */
  readonly refuse: (why: string | undefined) => void;
  /** Runs the form's request; true when it went through, false when it was refused (and `refusal` says why). */
  readonly run: (request: () => Promise<unknown>) => Promise<boolean>;
}

/** One form's submission: busy while its request runs, and the refusal named when it fails. */
export function useSubmit(): Submission {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const run = useCallback(async (request: () => Promise<unknown>) => {
    setBusy(true);
    setRefusal(undefined);
    try {
      await request();
      return true;
    } catch (error) {
      setRefusal(describeError(error));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, refusal, refuse: setRefusal, run };
}
