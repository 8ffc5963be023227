import { useId, useState } from "preact/hooks";
import { highlightSentence } from "./sentence-highlight.ts";
import type { Citation } from "./trace-event.ts";

/**
 * A citation as a button that opens its passage with the supporting sentence highlighted. `chunkStart` is where the
 * passage lies in its document (from the retrieval that found it); without it the whole passage is highlighted.
 */
export function CitedPassage(props: { citation: Citation; chunkStart: number | undefined }) {
  const { citation } = props;
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const text = highlightSentence(citation.text, props.chunkStart, citation);
  return (
    <li class="citation">
      <button
        type="button"
        class="secondary citation-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        [{citation.number}] {citation.title || citation.documentId}
      </button>
      <div id={panelId} class="cited-passage" hidden={!open}>
        <blockquote>
          {text.before}
          <mark>{text.marked}</mark>
          {text.after}
        </blockquote>
        <p class="muted cited-source">
          {citation.uri}, characters {citation.start}–{citation.end}
        </p>
      </div>
    </li>
  );
}
