import type { IndexJobView } from "../app/index-job-view.ts";

/** A job as the API answers it: the job, and where to follow it (poll `self`, or stream `events`). */
export function jobResponse(job: IndexJobView) {
  const self = `/v1/jobs/${encodeURIComponent(job.id)}`;
  return { job, links: { self, events: `${self}/events` } };
}
