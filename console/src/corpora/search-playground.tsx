import { useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { useFailure } from "../components/use-failure.ts";
import type { SearchMode, SearchResponse } from "./corpus-api.ts";
import { SearchResults } from "./search-results.tsx";

const modes: readonly { value: SearchMode; label: string }[] = [
  { value: "hybrid", label: "Hybrid" },
  { value: "dense", label: "Dense" },
  { value: "full-text", label: "Full text" },
];

/** What POST /v1/search is sent from the playground's fields. */
function searchBody(corpus: string, fields: SearchFields) {
  return {
    corpus,
    query: fields.query,
    k: Number(fields.k),
    mode: fields.mode,
    ...(fields.mode === "hybrid"
      ? { weights: { dense: Number(fields.denseWeight), fullText: Number(fields.fullTextWeight) } }
      : {}),
    rerank: fields.rerank ? { candidates: Number(fields.candidates) } : false,
    hops: fields.twoHops ? 2 : 1,
  };
}

interface SearchFields {
  readonly query: string;
  readonly k: string;
  readonly mode: SearchMode;
  readonly denseWeight: string;
  readonly fullTextWeight: string;
  readonly rerank: boolean;
  readonly candidates: string;
  readonly twoHops: boolean;
}

const initialFields: SearchFields = {
  query: "",
  k: "5",
  mode: "hybrid",
  denseWeight: "1",
  fullTextWeight: "1",
  rerank: false,
  candidates: "50",
  twoHops: false,
};

/**
 * Searches a corpus as an ask would (mode, fusion weights, reranking, a second round) and shows each passage with its
 * score.
 */
export function SearchPlayground(props: { corpus: string }) {
  const [fields, setFields] = useState(initialFields);
  const [answer, setAnswer] = useState<SearchResponse | undefined>(undefined);
  const [error, setError] = useFailure();
  const [searching, setSearching] = useState(false);
  const change = (next: Partial<SearchFields>) => setFields((current) => ({ ...current, ...next }));
  const search = async () => {
    setSearching(true);
    setError(undefined);
    try {
      setAnswer(await api.post<SearchResponse>("/v1/search", searchBody(props.corpus, fields)));
    } catch (failure) {
      setError(failure);
    }
    setSearching(false);
  };
  return (
    <section class="panel" aria-labelledby="search-title">
      <h2 id="search-title">Search playground</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <label>
          Query
          <input
            type="search"
            required
            value={fields.query}
            onInput={(event) => change({ query: event.currentTarget.value })}
          />
        </label>
        <div class="form-grid search-options">
          <label>
            Mode
            <select
              value={fields.mode}
              aria-describedby="search-mode-hint"
              onChange={(event) =>
                change({ mode: modes.find((mode) => mode.value === event.currentTarget.value)?.value ?? "hybrid" })
              }
            >
              {modes.map((mode) => (
                <option key={mode.value} value={mode.value}>
                  {mode.label}
                </option>
              ))}
            </select>
            <span id="search-mode-hint" class="hint">
              Dense: vectors; full text: BM25; hybrid: both, fused by rank
            </span>
          </label>
          <label>
            Passages (k)
            <input
              type="number"
              min={1}
              required
              value={fields.k}
              onInput={(event) => change({ k: event.currentTarget.value })}
            />
          </label>
          <fieldset class="group" disabled={fields.mode !== "hybrid"}>
            <legend>Fusion weights (hybrid)</legend>
            <div class="field-pair">
              <label>
                Dense
                <input
                  type="number"
                  min={0}
                  max={100}
                  step="any"
                  required
                  value={fields.denseWeight}
                  onInput={(event) => change({ denseWeight: event.currentTarget.value })}
                />
              </label>
              <label>
                Full text
                <input
                  type="number"
                  min={0}
                  max={100}
                  step="any"
                  required
                  value={fields.fullTextWeight}
                  onInput={(event) => change({ fullTextWeight: event.currentTarget.value })}
                />
              </label>
            </div>
          </fieldset>
          <fieldset class="group">
            <legend>Reranking</legend>
            <label class="toggle">
              <input
                type="checkbox"
                checked={fields.rerank}
                onChange={(event) => change({ rerank: event.currentTarget.checked })}
              />
              Rerank with the cross-encoder
            </label>
            <label>
              Candidates it reads
              <input
                type="number"
                min={1}
                required
                disabled={!fields.rerank}
                value={fields.candidates}
                onInput={(event) => change({ candidates: event.currentTarget.value })}
              />
            </label>
          </fieldset>
          <fieldset class="group">
            <legend>Second round</legend>
            <label class="toggle">
              <input
                type="checkbox"
                checked={fields.twoHops}
                onChange={(event) => change({ twoHops: event.currentTarget.checked })}
              />
              Search again with the names the best passage mentions (two hops)
            </label>
          </fieldset>
        </div>
        <div class="actions">
          <button type="submit" disabled={searching}>
            {searching ? "Searching…" : "Search"}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      {answer && <SearchResults answer={answer} />}
    </section>
  );
}
