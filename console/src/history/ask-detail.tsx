import { useState } from "preact/hooks";
import { useApi } from "../api/use-api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { timeText } from "../components/number-text.ts";
import { routeHref } from "../routing.ts";
import { TraceView } from "../trace/trace-view.tsx";
import { ParameterList } from "./parameter-list.tsx";
import { StoredAnswer } from "./stored-answer.tsx";
import type { StoredAsk } from "./stored-ask.ts";
import { StoredAskFacts } from "./stored-ask-facts.tsx";
import { storedTraceEvents } from "./stored-trace.ts";

/** Whether the screen is wide enough for the facts to sit beside the trace (see .stored-ask in console.css). */
function besideTheTrace(): boolean {
  return matchMedia("(min-width: 901px)").matches;
}

function StoredAskBody(props: { ask: StoredAsk }) {
  const { ask } = props;
  const events = storedTraceEvents(ask);
  const [parametersOpen] = useState(besideTheTrace);
  return (
    <div class="stored-ask">
      <section class="panel" aria-labelledby="stored-ask-how">
        <h2 id="stored-ask-how">How it ran</h2>
        <StoredAskFacts ask={ask} />
        <details class="parameters-details" open={parametersOpen}>
          <summary>Parameters</summary>
          <ParameterList parameters={ask.parameters} />
        </details>
      </section>
      <section class="panel ask-run" aria-labelledby="stored-ask-answer">
        <h2 id="stored-ask-answer">Answer and trace</h2>
        <StoredAnswer ask={ask} events={events} />
        <TraceView events={events} live={false} />
      </section>
    </div>
  );
}

/**
 * One stored ask (`#/history/{id}`): the question, how it ran (strategy, corpus, experiment, parameters, cost), and
 * its stored trace in the Ask view's trace, with its answer card and citations.
 */
export function AskDetail(props: { id: string }) {
  const stored = useApi<StoredAsk>(`/v1/asks/${encodeURIComponent(props.id)}`);
  const ask = stored.data;
  return (
    <section aria-labelledby="stored-ask-title" aria-busy={stored.loading}>
      <p class="breadcrumb">
        <a href={routeHref("history")}>All asks</a>
      </p>
      <h1 id="stored-ask-title" class="stored-question" tabIndex={-1}>
        {ask?.question ?? "Stored ask"}
      </h1>
      <p class="muted small wrap-anywhere">
        {ask && (
          <>
            Asked <time dateTime={ask.createdAt}>{timeText(ask.createdAt)}</time> ·{" "}
          </>
        )}
        ask <code>{props.id}</code>
      </p>
      <ErrorMessage error={stored.error} />
      {ask === undefined && stored.loading && <p class="loading">Loading the ask…</p>}
      {ask && <StoredAskBody ask={ask} />}
    </section>
  );
}
