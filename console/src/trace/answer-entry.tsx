import { percent, plural } from "../components/number-text.ts";
import type { AnswerItem } from "./trace-items.ts";

/** The answer as the trace saw it: streaming text, then the decided answer, its confidence and its citations' count. */
export function AnswerEntry(props: { item: AnswerItem }) {
  const { end, text } = props.item;
  return (
    <>
      <h4>Answer</h4>
      {end === undefined ? (
        <p aria-busy="true">{text}</p>
      ) : (
        <p>
          {end.abstained ? <span class="badge warn">abstained</span> : <strong>{end.answer}</strong>}{" "}
          <span class="muted">
            confidence {percent(end.confidence)} · {plural(end.citations.length, "citation")}
          </span>
        </p>
      )}
    </>
  );
}
