import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/api-error.ts";
import { api } from "../api/client.ts";
import { useKey } from "../key-context.ts";
import type { CorpusSummary } from "./corpus-api.ts";

/** The corpora this key may use, as every view shares them, and how to read them again. */
export interface CorpusList {
  /** Undefined until first read. */
  readonly corpora: readonly CorpusSummary[] | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Reads the list again for every component that shows it (after an upload changed the counts, say). */
  readonly refresh: () => void;
}

interface Shared {
  /** The key version the list was read with: another key may use other corpora. */
  readonly keyVersion: number | undefined;
  readonly corpora: readonly CorpusSummary[] | undefined;
  readonly error: unknown;
  readonly loading: boolean;
}

let shared: Shared = { keyVersion: undefined, corpora: undefined, error: undefined, loading: false };
const listeners = new Set<() => void>();
let reading: AbortController | undefined;

function share(next: Shared): void {
  shared = next;
  for (const listener of listeners) listener();
}

/** GET /v1/corpora once for everyone: a read under way for an older request is dropped. A 401 opens the key form. */
async function readCorpora(keyVersion: number, needKey: (reason: string) => void): Promise<void> {
  reading?.abort();
  const controller = new AbortController();
  reading = controller;
  const kept = shared.keyVersion === keyVersion ? shared : { corpora: undefined, error: undefined };
  share({ keyVersion, corpora: kept.corpora, error: kept.error, loading: true });
  try {
    const listed = await api.get<{ corpora: CorpusSummary[] }>("/v1/corpora", controller.signal);
    if (controller.signal.aborted) return;
    share({ keyVersion, corpora: listed.corpora, error: undefined, loading: false });
  } catch (error) {
    if (controller.signal.aborted) return;
    if (error instanceof ApiError && error.needsKey) needKey(error.message);
    share({ keyVersion, corpora: shared.corpora, error, loading: false });
  } finally {
    if (reading === controller) reading = undefined;
  }
}

/**
 * The corpus list that the Ask form, the History filters, the experiment form and the Corpora views share: read
 * once when a view that shows it opens (however many of its parts show it) and whenever the key changes, and again
 * on `refresh`. Meanwhile the list read last is shown.
 */
export function useCorpora(): CorpusList {
  const { version, needKey } = useKey();
  const [, setChanges] = useState(0);
  useEffect(() => {
    const listener = () => setChanges((changes) => changes + 1);
    listeners.add(listener);
    if (listeners.size === 1 || shared.keyVersion !== version) void readCorpora(version, needKey);
    return () => {
      listeners.delete(listener);
    };
  }, [version, needKey]);
  const refresh = useCallback(() => void readCorpora(version, needKey), [version, needKey]);
  const current = shared.keyVersion === version;
  return {
    corpora: current ? shared.corpora : undefined,
    error: current ? shared.error : undefined,
    loading: !current || shared.loading,
    refresh,
  };
}
