import { AnswerEntry } from "./answer-entry.tsx";
import { DraftEntry } from "./draft-entry.tsx";
import { PartEntry } from "./part-entry.tsx";
import { RetrievalEntry } from "./retrieval-entry.tsx";
import { RoundEntry } from "./round-entry.tsx";
import type { TraceEvent } from "./trace-event.ts";
import { type TraceItem, traceItems } from "./trace-items.ts";

function Entry(props: { item: TraceItem; pending: boolean }) {
  const { item, pending } = props;
  switch (item.kind) {
    case "draft":
      return <DraftEntry item={item} pending={pending} />;
    case "round":
      return <RoundEntry item={item} pending={pending} />;
    case "retrieval":
      return <RetrievalEntry item={item} pending={pending} />;
    case "answer":
      return <AnswerEntry item={item} />;
    case "part":
      return <PartEntry item={item} pending={pending} />;
  }
}

function entryClass(item: TraceItem): string {
  return item.kind === "answer" && item.end?.abstained ? "trace-entry answer abstained" : `trace-entry ${item.kind}`;
}

/**
 * A strategy's trace, live or stored: the draft, each step's candidates with their reward parts and the gate's
 * decision, each retrieval's query and passages, and the answer, in the order they happened. `live`: more events
 * are coming, so the last unfinished entry says what is under way. `label` names the region (its title by default).
 */
export function TraceView(props: {
  events: readonly TraceEvent[];
  live: boolean;
  title?: string;
  label?: string | undefined;
}) {
  const items = traceItems(props.events);
  const title = props.title ?? "Trace";
  return (
    <section class="trace" aria-label={props.label ?? title}>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p class="muted">{props.live ? "Waiting for the first event…" : "The trace is empty."}</p>
      ) : (
        <ol class="trace-entries">
          {items.map((item, index) => (
            <li key={index} class={entryClass(item)}>
              <Entry item={item} pending={props.live && index === items.length - 1} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
