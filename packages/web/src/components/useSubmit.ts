import { useState } from 'react';

/** What people see of an action: whether it runs, and what it last threw. */
export interface SubmitState {
  /** The action is running: for the spinner on the button that started it. */
  busy: boolean;
  /** What the last run threw, for a ProblemAlert; cleared when the next run starts. */
  error: unknown;
  /** Forgets the last problem, e.g. when its dialog closes. */
  reset: () => void;
}

export interface Submission<Args extends unknown[]> extends SubmitState {
  run: (...args: Args) => Promise<void>;
}

/** Runs a form's or button's action once at a time, keeping what it threw to show people instead of throwing on. */
export function useSubmit<Args extends unknown[]>(
  action: (...args: Args) => Promise<unknown>,
): Submission<Args> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (...args: Args) => {
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setError(undefined);
  };
  return { busy, error, run, reset };
}
