import type { Database } from "../db/database.ts";
import { updateUploadJob } from "../db/upload-job-records.ts";
import type { UploadJobTracker } from "./upload-job-tracker.ts";

/**
 * Writes a running job's record to SQL, for readers in other processes: at once when asked (`record`: its status
 * changed), at most every `everyMs` for progress (`recordSoon`), one write at a time and in order; its documents only
 * when they changed since the last write. A write that fails is dropped (the next one carries the whole record);
 * `settled` waits for the last.
 */
export class UploadJobRecorder {
  private writes: Promise<void> = Promise.resolve();
  private last = 0;
  /** The tracker's `itemsVersion` that the last write sent, if one did. */
  private writtenItems: number | undefined;

  constructor(
    private readonly db: Database,
    private readonly tracker: UploadJobTracker,
    private readonly everyMs: number,
  ) {}

  /** Set once a write found the job taken over by another process: its record is no longer this one's to write. */
  lost = false;

  record(): void {
    this.last = performance.now();
    const itemsVersion = this.tracker.itemsVersion;
    // The owner and its heartbeat are the process's to write (see IndexJobService), not the tracker's copy of them.
    const {
      id,
      corpus: _corpus,
      items,
      heartbeatAt: _heartbeat,
      host: _host,
      pid: _pid,
      processId,
      ...fields
    } = this.tracker.record;
    const changes = itemsVersion === this.writtenItems ? fields : { ...fields, items };
    this.writes = this.writes
      .then(async () => {
        if (this.lost) return;
        this.lost = !(await updateUploadJob(this.db, id, processId, changes));
        this.writtenItems = itemsVersion;
      })
      .catch(() => {
        this.writtenItems = undefined;
      });
  }

  recordSoon(): void {
    if (performance.now() - this.last >= this.everyMs) this.record();
  }

  settled(): Promise<void> {
    return this.writes;
  }
}
