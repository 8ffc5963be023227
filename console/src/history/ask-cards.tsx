import { plural, timeText } from "../components/number-text.ts";
import { routeHref } from "../routing.ts";
import { AskOutcome } from "./ask-outcome.tsx";
import { confidenceText, corpusText, experimentText, latencyText } from "./ask-summary-text.ts";
import type { AskSummary } from "./stored-ask.ts";

/** The stored asks as a list of cards, for a phone: the question as a link, what it came to, then how it ran. */
export function AskCards(props: { asks: readonly AskSummary[]; label: string }) {
  return (
    <ul class="ask-cards" aria-label={props.label}>
      {props.asks.map((ask) => {
        const experiment = experimentText(ask);
        return (
          <li key={ask.id} class="ask-card">
            <a class="ask-card-question" href={routeHref("history", ask.id)} data-ask={ask.id}>
              {ask.question}
            </a>
            <p>
              <AskOutcome ask={ask} /> <span class="muted">· confidence {confidenceText(ask)}</span>
            </p>
            <p class="muted small">
              <time dateTime={ask.createdAt}>{timeText(ask.createdAt)}</time> · {ask.strategy}
              {experiment && ` (${experiment})`} · {corpusText(ask)} · {plural(ask.retrievals, "retrieval")} ·{" "}
              {latencyText(ask.latencyMs)}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
