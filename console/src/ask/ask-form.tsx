import { useId, useState } from "preact/hooks";
import { ErrorMessage } from "../components/error-message.tsx";
import { type AskRequest, type SearchMode, searchModes } from "./ask-request.ts";
import { CorpusSelect, noCorpus } from "./corpus-select.tsx";
import { StrategySelect } from "./strategy-select.tsx";
import { defaultName, preferredComparison, preferredStrategy, useAskChoices } from "./use-ask-choices.ts";

const modeNames: Record<SearchMode, string> = {
  hybrid: "Hybrid (dense and full-text)",
  dense: "Dense (vectors)",
  "full-text": "Full-text (BM25)",
};

function searchMode(value: string): SearchMode {
  return searchModes.find((mode) => mode === value) ?? "hybrid";
}

/**
 * The question and how to answer it: corpus, strategy, search mode, and optionally a second strategy to run side by
 * side. Enter in the question asks; Cancel stops the asks under way. `onAsk` gets one request per strategy.
 */
export function AskForm(props: { running: boolean; onAsk: (requests: AskRequest[]) => void; onCancel: () => void }) {
  const choices = useAskChoices();
  const questionId = useId();
  const modeId = useId();
  const [question, setQuestion] = useState("");
  const [corpus, setCorpus] = useState<string | undefined>(undefined);
  const [strategy, setStrategy] = useState<string | undefined>(undefined);
  const [comparison, setComparison] = useState<string | undefined>(undefined);
  const [compare, setCompare] = useState(false);
  const [mode, setMode] = useState<SearchMode>("hybrid");
  const names = choices.strategies?.map((summary) => summary.name) ?? [];
  const chosenCorpus = corpus ?? choices.corpora?.[0]?.name ?? noCorpus;
  const chosenStrategy = strategy ?? defaultName(names, preferredStrategy);
  const chosenComparison = comparison ?? defaultName(names, preferredComparison);
  const ready = chosenStrategy !== undefined && choices.corpora !== undefined;
  return (
    <form
      class="panel ask-form"
      aria-label="Ask a question"
      onSubmit={(event) => {
        event.preventDefault();
        const text = question.trim();
        if (!ready || text === "") return;
        const chosen =
          compare && chosenComparison !== undefined ? [chosenStrategy, chosenComparison] : [chosenStrategy];
        props.onAsk(
          chosen.map((name) => ({
            question: text,
            corpus: chosenCorpus === noCorpus ? undefined : chosenCorpus,
            strategy: name,
            mode,
          })),
        );
      }}
    >
      <div class="field question">
        <label for={questionId}>Question</label>
        <input
          id={questionId}
          class="question-input"
          type="text"
          name="question"
          required
          autocomplete="off"
          placeholder="Where was Treisnos Bemtond born?"
          value={question}
          onInput={(event) => setQuestion(event.currentTarget.value)}
        />
      </div>
      <div class="form-grid">
        <CorpusSelect corpora={choices.corpora} value={chosenCorpus} onChange={setCorpus} />
        <StrategySelect
          label={compare ? "First strategy" : "Strategy"}
          strategies={choices.strategies}
          value={chosenStrategy}
          onChange={setStrategy}
        />
        {compare && (
          <StrategySelect
            label="Second strategy"
            strategies={choices.strategies}
            value={chosenComparison}
            onChange={setComparison}
          />
        )}
        <div class="field">
          <label for={modeId}>Search mode</label>
          <select
            id={modeId}
            value={mode}
            disabled={chosenCorpus === noCorpus}
            onChange={(event) => setMode(searchMode(event.currentTarget.value))}
          >
            {searchModes.map((name) => (
              <option key={name} value={name}>
                {modeNames[name]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label class="check">
        <input
          class="check-box"
          type="checkbox"
          checked={compare}
          onChange={(event) => setCompare(event.currentTarget.checked)}
        />
        Compare two strategies side by side
      </label>
      <ErrorMessage error={choices.error} />
      <div class="actions">
        <button type="submit" disabled={!ready}>
          Ask
        </button>
        <button type="button" class="secondary" disabled={!props.running} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
