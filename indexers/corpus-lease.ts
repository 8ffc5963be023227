import { hostname } from "node:os";
import type { Database } from "../src/db/database.ts";
import { type LeaseRecord, releaseLease, renewLease, takeLease, takeLeaseFrom } from "../src/db/lease-records.ts";
import { processAlive } from "../src/util/process-alive.ts";
import { CorpusBusyError } from "./index-errors.ts";

/** A corpus's writer lease, held by one index job until `release`. */
export interface HeldLease {
  /** Aborts if the lease is lost (it could not be renewed in time and another run took it). */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/**
 * Makes a job the one writer of a corpus: takes its lease in SQL, renews it every third of `leaseMs` while the job
 * runs, and gives it back at the end. A second run while the lease is held is refused with a `CorpusBusyError` that
 * names the running job. A lease whose holder died expires after `leaseMs`, and the next run takes it; on the same
 * machine, a run takes over at once from a holder whose process is gone.
 */
export async function holdCorpusLease(
  db: Database,
  corpus: string,
  jobId: string,
  leaseMs: number,
): Promise<HeldLease> {
  const now = new Date();
  const request = {
    corpus,
    holder: jobId,
    host: hostname(),
    pid: process.pid,
    now,
    expiresAt: new Date(now.getTime() + leaseMs),
  };
  let lease: LeaseRecord | undefined = await takeLease(db, request);
  if (lease.holder !== jobId && lease.host === request.host && !processAlive(lease.pid))
    lease = (await takeLeaseFrom(db, lease.holder, request)) ?? (await takeLease(db, request));
  if (lease.holder !== jobId) throw new CorpusBusyError(corpus, lease.holder, lease.acquiredAt, lease.expiresAt);
  const lost = new AbortController();
  let renewing = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewLease(db, { corpus, holder: jobId, expiresAt: new Date(Date.now() + leaseMs) }).then(
        (kept) => {
          if (!kept) lost.abort(new CorpusBusyError(corpus, "another run", "", ""));
        },
        () => {},
      );
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return {
    lost: lost.signal,
    release: async () => {
      clearInterval(timer);
      await renewing;
      await releaseLease(db, { corpus, holder: jobId });
    },
  };
}
