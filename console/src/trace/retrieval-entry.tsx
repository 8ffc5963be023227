import { PassageEntry } from "./passage-entry.tsx";
import type { TraceEventOf } from "./trace-event.ts";
import type { RetrievalItem } from "./trace-items.ts";

const queryKinds: Record<TraceEventOf<"retrieve-start">["queryKind"], string> = {
  question: "the question",
  step: "the question and the step",
  generative: "the question and the draft (generative query)",
};

/** One retrieval: what was searched for, then the passages found (and how many were new). */
export function RetrievalEntry(props: { item: RetrievalItem; pending: boolean }) {
  const { start, end } = props.item;
  const stepName = `Step ${props.item.step + 1}`;
  return (
    <>
      <h4>{stepName}: retrieval</h4>
      {start && (
        <p>
          Query from {queryKinds[start.queryKind]}: <q class="query">{start.query}</q>
        </p>
      )}
      {end === undefined ? (
        <p class="muted">{props.pending ? "Searching the corpus…" : "The search did not finish."}</p>
      ) : end.passages.length === 0 ? (
        <p>No passages found.</p>
      ) : (
        <>
          <p class="muted">
            {end.passages.length} passages, {end.newPassages} new:
          </p>
          <ul class="passages" aria-label={`${stepName} passages`}>
            {end.passages.map((passage) => (
              <PassageEntry key={passage.chunkId} passage={passage} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
