import { useCallback, useState } from "preact/hooks";
import { ApiError } from "../api/api-error.ts";
import { useKey } from "../key-context.ts";

/** What an action (a POST, an upload) failed with, kept to show; undefined clears it. A 401 opens the key form too. */
export function useFailure(): [unknown, (failure: unknown) => void] {
  const { needKey } = useKey();
  const [failure, setFailure] = useState<unknown>(undefined);
  const report = useCallback(
    (next: unknown) => {
      if (next instanceof ApiError && next.needsKey) needKey(next.message);
      setFailure(next);
    },
    [needKey],
  );
  return [failure, report];
}
