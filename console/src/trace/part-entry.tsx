import { percent } from "../components/number-text.ts";
import type { PartItem } from "./trace-items.ts";

/** One part of a question answered in parts: the part's question, and once its steps are done, its answer. */
export function PartEntry(props: { item: PartItem; pending: boolean }) {
  const { item } = props;
  return (
    <>
      <h4>
        Part {item.part + 1} of {item.parts.length}: {item.question}
      </h4>
      {item.answer === undefined ? (
        <p class="muted">{props.pending ? "Answering this part…" : "Its steps follow."}</p>
      ) : (
        <p>
          Its answer: <strong>{item.answer.answer}</strong>{" "}
          <span class="muted">
            (confidence {percent(item.answer.confidence)}
            {item.answer.abstained ? ", below the threshold" : ""})
          </span>
        </p>
      )}
    </>
  );
}
