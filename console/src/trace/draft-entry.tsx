import { percent } from "../components/number-text.ts";
import type { DraftItem } from "./trace-items.ts";

/** The draft: what the model recalled, step by step, and the answer it would give from memory alone. */
export function DraftEntry(props: { item: DraftItem; pending: boolean }) {
  const end = props.item.end;
  return (
    <>
      <h4>Draft from memory</h4>
      {end === undefined ? (
        <p class="muted">{props.pending ? "Recalling what the model knows…" : "The recall did not finish."}</p>
      ) : (
        <>
          {end.steps.length > 0 ? (
            <ol class="recalled-steps" aria-label="Recalled steps">
              {end.steps.map((step, index) => (
                <li key={index}>{step}</li>
              ))}
            </ol>
          ) : (
            <p class="muted">The model recalled no steps.</p>
          )}
          <p>
            Draft answer: <strong>{end.draftAnswer ?? "none"}</strong>{" "}
            <span class="muted">(probability {percent(Math.exp(end.answerLogprob))})</span>
          </p>
        </>
      )}
    </>
  );
}
