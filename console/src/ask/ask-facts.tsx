import { plural } from "../components/number-text.ts";
import { routeHref } from "../routing.ts";
import type { AskAnswer } from "./ask-answer.ts";

/** What an answered ask cost (model calls, tokens, retrievals, time) and where it is kept. */
export function AskFacts(props: { answer: AskAnswer }) {
  const { usage, latencyMs, id } = props.answer;
  return (
    <p class="ask-facts muted small">
      {plural(usage.modelCalls, "model call")} · {plural(usage.promptTokens + usage.completionTokens, "token")} ·{" "}
      {plural(usage.retrievals, "retrieval")} · {Math.round(latencyMs)} ms ·{" "}
      <a href={routeHref("history", id)}>stored as ask {id.slice(0, 8)}</a>
    </p>
  );
}
