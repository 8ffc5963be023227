import { significant } from "../components/number-text.ts";
import type { PassageRef } from "./trace-event.ts";

/** A passage a retrieval found: its number, title, source and score; its text on opening. */
export function PassageEntry(props: { passage: PassageRef }) {
  const { passage } = props;
  return (
    <li class="passage-item">
      <details class="passage">
        <summary>
          [{passage.number}] <strong>{passage.title || passage.documentId}</strong>{" "}
          <span class="muted">
            {passage.uri} · score {significant(passage.score)}
          </span>
        </summary>
        <blockquote>{passage.text}</blockquote>
      </details>
    </li>
  );
}
