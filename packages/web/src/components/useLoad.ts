import { useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads data for a page and reloads it on demand; a newer load wins over a slower older one. */
export function useLoad<T>(load: () => Promise<T>, dependencies: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what the loader depends on
  const stableLoad = useCallback(load, dependencies);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    stableLoad().then(
      (data) => {
        if (current) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (current) setState({ data: undefined, error, loading: false });
      },
    );
    return () => {
      current = false;
    };
  }, [stableLoad, generation]);
  const reload = useCallback(() => {
    setGeneration((value) => value + 1);
  }, []);
  return { ...state, reload };
}
