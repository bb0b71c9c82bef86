import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for a page and reloads it on demand; a newer load wins over a
 * slower older one. `initial`, asked once as the page mounts, may give the
 * first data at once (an answer the early script already has): the page
 * then shows it in its first render instead of loading.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  dependencies: readonly unknown[],
  initial?: () => T | undefined,
): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>(() => {
    const data = initial?.();
    return { data, error: undefined, loading: data === undefined };
  });
  // Given at mount, the data needs no first load.
  const skipFirstLoad = useRef(!state.loading);
  const [generation, setGeneration] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what the loader depends on
  const stableLoad = useCallback(load, dependencies);
  useEffect(() => {
    if (skipFirstLoad.current) {
      skipFirstLoad.current = false;
      return;
    }
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
