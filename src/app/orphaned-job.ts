import { hostname } from "node:os";
import type { UploadJobRecord } from "../db/upload-job-records.ts";
import { processAlive } from "../util/process-alive.ts";
import { processInstanceId } from "../util/process-instance-id.ts";
import { JobInterruptedError } from "./index-job-errors.ts";
import { jobFinished } from "./index-job-view.ts";
import { UploadJobTracker } from "./upload-job-tracker.ts";

/**
 * A job as it really stands. A job recorded without a heartbeat (before jobs could be taken over, so without its
 * inputs) that a process now gone recorded as queued or running ended when that process did: it is reported failed
 * (`job_interrupted`, its documents not yet ready failed) rather than running forever. Any other job is reported as
 * recorded: if its process died, a server takes it over (see `abandoned`).
 */
export function interruptedIfOrphaned(record: UploadJobRecord): UploadJobRecord {
  if (jobFinished(record.status) || record.heartbeatAt !== null || !processGone(record)) return record;
  const tracker = new UploadJobTracker(record);
  const error = new JobInterruptedError();
  tracker.fail({ code: error.code, message: error.clientMessage }, record.finishedAt ?? record.createdAt);
  return tracker.record;
}

/**
 * Whether another server should take over an unfinished job: its process is known to be gone (see `processGone`), or
 * its heartbeat is older than `takeoverMs` (its machine died, or lost the database).
 */
export function abandoned(record: UploadJobRecord, now: Date, takeoverMs: number): boolean {
  if (record.processId === processInstanceId || jobFinished(record.status)) return false;
  if (processGone(record)) return true;
  const heartbeat = Date.parse(record.heartbeatAt ?? record.createdAt);
  return now.getTime() - heartbeat > takeoverMs;
}

/**
 * Whether the process that recorded a job is known to be gone. A job recorded by this very process (its `processId`)
 * is not. Otherwise only a job of this machine can be judged: its process is gone when no process has its pid any
 * more, or when its pid is ours: this process is not that one (its id differs), so the pid was reused, as in a
 * container restarted under the same hostname, whose server is pid 1 again.
 */
function processGone(record: UploadJobRecord): boolean {
  if (record.processId === processInstanceId || record.host !== hostname()) return false;
  return record.pid === process.pid || !processAlive(record.pid);
}
