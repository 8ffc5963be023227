import type { Database } from "../db/database.ts";
import { updateUploadJob } from "../db/upload-job-records.ts";
import type { UploadJobTracker } from "./upload-job-tracker.ts";

/**
 * Writes a running job's record to SQL, for readers in other processes: at once when asked (`record`: its status
 * changed), at most every `everyMs` for progress (`recordSoon`), one write at a time and in order. A write that fails
 * is dropped (the next one carries the whole record); `settled` waits for the last.
 */
export class UploadJobRecorder {
  private writes: Promise<void> = Promise.resolve();
  private last = 0;

  constructor(
    private readonly db: Database,
    private readonly tracker: UploadJobTracker,
    private readonly everyMs: number,
  ) {}

  record(): void {
    this.last = performance.now();
    const { id, corpus: _corpus, ...changes } = this.tracker.record;
    this.writes = this.writes.then(() => updateUploadJob(this.db, id, changes)).catch(() => {});
  }

  recordSoon(): void {
    if (performance.now() - this.last >= this.everyMs) this.record();
  }

  settled(): Promise<void> {
    return this.writes;
  }
}
