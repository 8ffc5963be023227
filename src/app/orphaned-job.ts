import { hostname } from "node:os";
import type { UploadJobRecord } from "../db/upload-job-records.ts";
import { JobInterruptedError } from "./index-job-errors.ts";
import { jobFinished } from "./index-job-view.ts";
import { UploadJobTracker } from "./upload-job-tracker.ts";

/**
 * A job as it really stands: one recorded as queued or running by a process of this machine that no longer runs
 * ended when that process did, so it is reported failed (`job_interrupted`, its documents not yet ready failed)
 * rather than running forever. (A job of another machine's process is taken as recorded.)
 */
export function interruptedIfOrphaned(record: UploadJobRecord): UploadJobRecord {
  const orphaned =
    !jobFinished(record.status) && record.host === hostname() && record.pid !== process.pid && !processRuns(record.pid);
  if (!orphaned) return record;
  const tracker = new UploadJobTracker(record);
  const error = new JobInterruptedError();
  tracker.fail({ code: error.code, message: error.clientMessage }, record.finishedAt ?? record.createdAt);
  return tracker.record;
}

/** Whether a process of this machine is still running. */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}
