import { useCallback, useEffect, useState } from "preact/hooks";
import { useKey } from "../key-context.ts";
import { ApiError } from "./api-error.ts";
import { api } from "./client.ts";

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/**
 * GETs a path and keeps its answer; again when the path, the key or `reload` changes it. A 401 opens the key form.
 * `everyMs` polls (live counts); undefined path: nothing to load yet.
 */
export function useApi<T>(path: string | undefined, everyMs?: number): Loaded<T> {
  const { version, needKey } = useKey();
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: path !== undefined,
  });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  useEffect(() => {
    if (path === undefined) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const data = await api.get<T>(path, controller.signal);
        if (controller.signal.aborted) return;
        setState({ data, error: undefined, loading: false });
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.needsKey) needKey(error.message);
        setState((previous) => ({ data: previous.data, error, loading: false }));
      }
      if (everyMs !== undefined && !controller.signal.aborted) timer = setTimeout(load, everyMs);
    };
    setState((previous) => ({ ...previous, loading: true }));
    void load();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [path, version, round, everyMs, needKey]);
  return { ...state, reload };
}
