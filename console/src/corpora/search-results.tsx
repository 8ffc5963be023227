import { numberText, plural } from "../components/number-text.ts";
import type { SearchResponse } from "./corpus-api.ts";

/** A search's passages, best first, each with its score, the retriever that found it, and its text. */
export function SearchResults(props: { answer: SearchResponse }) {
  const { answer } = props;
  const scoreKind = answer.reranked ? "reranker relevance, 0 to 1" : `${answer.mode} score`;
  return (
    <div class="search-results">
      <p role="status" class="muted">
        {answer.passages.length === 0
          ? "No passage found."
          : `${plural(answer.passages.length, "passage")}${answer.searches > 1 ? ` from ${numberText(answer.searches)} searches` : ""} in ${numberText(answer.latencyMs, 1)} ms; scores are ${scoreKind}, comparable within this search only.`}
      </p>
      <ol class="found-passages" aria-label="Passages found">
        {answer.passages.map((passage) => (
          <li key={passage.chunkId} class="found-passage">
            <div class="found-passage-heading">
              <h3>{passage.title}</h3>
              <span class="score">score {numberText(passage.score, 4)}</span>
            </div>
            <p class="muted wrap-anywhere">
              {passage.uri} · characters {passage.start}–{passage.end} · {passage.retriever}
              {passage.reranked ? " · reranked" : ""}
            </p>
            <p class="found-passage-text">{passage.text}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
