import { useEffect, useState } from "preact/hooks";
import { useApi } from "../api/use-api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import type { IndexJob, JobResponse } from "./corpus-api.ts";
import { jobDocumentsDone, jobSummary } from "./job-summary.ts";

const pollMs = 1000;

function finished(job: IndexJob): boolean {
  return job.status === "succeeded" || job.status === "failed";
}

/** An upload's job as it runs (polled each second), its documents done out of all, and why any failed. */
export function JobProgress(props: { job: IndexJob; onFinished: (job: IndexJob) => void }) {
  const [stopped, setStopped] = useState(false);
  const polled = useApi<JobResponse>(`/v1/jobs/${encodeURIComponent(props.job.id)}`, stopped ? undefined : pollMs);
  const job = polled.data?.job ?? props.job;
  const over = finished(job);
  const { onFinished } = props;
  useEffect(() => {
    if (!over || stopped) return;
    setStopped(true);
    onFinished(job);
  }, [over, stopped, job, onFinished]);
  const { done, total } = jobDocumentsDone(job);
  return (
    <div class="upload-progress">
      <label>
        Indexing progress
        <progress max={Math.max(total, 1)} value={over ? Math.max(total, 1) : total === 0 ? undefined : done} />
      </label>
      <p role="status" aria-live="polite" class={job.status === "failed" ? "error" : undefined}>
        {jobSummary(job)}
      </p>
      {job.failures.length > 0 && (
        <ul class="job-failures" aria-label="Documents that could not be indexed">
          {job.failures.map((failure) => (
            <li key={failure.uri}>
              <strong class="wrap-anywhere">{failure.uri}</strong>: {failure.reason}
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={polled.error} />
    </div>
  );
}
