import { hostname } from "node:os";
import type { UploadJobRecord } from "../db/upload-job-records.ts";
import { processAlive } from "../util/process-alive.ts";
import { processInstanceId } from "../util/process-instance-id.ts";
import { JobInterruptedError } from "./index-job-errors.ts";
import { jobFinished } from "./index-job-view.ts";
import { UploadJobTracker } from "./upload-job-tracker.ts";

/**
 * A job as it really stands: one recorded as queued or running by a process that no longer runs ended when that
 * process did, so it is reported failed (`job_interrupted`, its documents not yet ready failed) rather than running
 * forever. (A job of another machine's process is taken as recorded.)
 */
export function interruptedIfOrphaned(record: UploadJobRecord): UploadJobRecord {
  if (jobFinished(record.status) || !orphaned(record)) return record;
  const tracker = new UploadJobTracker(record);
  const error = new JobInterruptedError();
  tracker.fail({ code: error.code, message: error.clientMessage }, record.finishedAt ?? record.createdAt);
  return tracker.record;
}

/**
 * Whether the process that recorded a job is gone. A job recorded by this very process (its `processId`) is not.
 * Otherwise only a job of this machine can be judged: its process is gone when no process has its pid any more, or
 * when its pid is ours: this process is not that one (its id differs), so the pid was reused, as in a container
 * restarted under the same hostname, whose server is pid 1 again.
 */
function orphaned(record: UploadJobRecord): boolean {
  if (record.processId === processInstanceId || record.host !== hostname()) return false;
  return record.pid === process.pid || !processAlive(record.pid);
}
