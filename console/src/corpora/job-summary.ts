import { plural } from "../components/number-text.ts";
import type { IndexJob } from "./corpus-api.ts";

/** How far an upload's job has come, in documents: those done (searchable or failed) of all it holds. */
export function jobDocumentsDone(job: IndexJob): { done: number; failed: number; ready: number; total: number } {
  const ready = job.documents.filter((document) => document.state === "ready").length;
  const failed = job.documents.filter((document) => document.state === "failed").length;
  const total = Math.max(job.documents.length + job.unlistedDocuments, job.counts.documents + job.counts.failed);
  const done = job.status === "succeeded" ? total : ready + failed;
  return { done, failed: Math.max(failed, job.counts.failed), ready, total };
}

/** An upload's job in one sentence, for the progress's live region. */
export function jobSummary(job: IndexJob): string {
  const { done, failed, total } = jobDocumentsDone(job);
  const failedText = failed > 0 ? `, ${failed} failed` : "";
  switch (job.status) {
    case "queued":
      return `Queued: indexing starts once the corpus's earlier uploads are done (${plural(total, "document")}).`;
    case "running": {
      const chunks =
        job.counts.chunks > 0 ? `; ${job.counts.embedded} of ${plural(job.counts.chunks, "chunk")} embedded` : "";
      return `Indexing: ${done} of ${plural(total, "document")} done${failedText}${chunks}.`;
    }
    case "succeeded": {
      const unchanged = job.counts.skipped > 0 ? `, ${job.counts.skipped} of them unchanged` : "";
      return `Done: ${plural(total - failed, "document")} indexed${failedText}${unchanged}.`;
    }
    case "failed":
      return `The upload failed: ${job.error?.message ?? "the server gave no reason"}`;
  }
}
