import { useAskChoices } from "../ask/use-ask-choices.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { type AskFilters, askListPath, noFilters, type Outcome, outcomeOf } from "./ask-filters.ts";
import { ExperimentFilter } from "./experiment-filter.tsx";
import { FilterSelect } from "./filter-select.tsx";

const outcomeChoices: readonly { value: Outcome; text: string }[] = [
  { value: "any", text: "Any outcome" },
  { value: "answered", text: "Answered" },
  { value: "abstained", text: "Abstained" },
  { value: "failed", text: "Failed" },
];

/** The filters of the stored asks: corpus, strategy, experiment (and variant), and outcome; each applies at once. */
export function HistoryFilters(props: { filters: AskFilters; onChange: (filters: AskFilters) => void }) {
  const { filters, onChange } = props;
  const choices = useAskChoices();
  const filtered = askListPath(filters) !== askListPath(noFilters);
  return (
    <form class="panel history-filters" aria-label="Filter asks" onSubmit={(event) => event.preventDefault()}>
      <div class="form-grid">
        <FilterSelect
          label="Corpus"
          value={filters.corpus}
          disabled={choices.corpora === undefined}
          choices={[
            { value: "", text: "Any corpus" },
            ...(choices.corpora ?? []).map((corpus) => ({ value: corpus.name, text: corpus.name })),
          ]}
          onChange={(corpus) => onChange({ ...filters, corpus })}
        />
        <FilterSelect
          label="Strategy"
          value={filters.strategy}
          disabled={choices.strategies === undefined}
          choices={[
            { value: "", text: "Any strategy" },
            ...(choices.strategies ?? []).map((strategy) => ({ value: strategy.name, text: strategy.name })),
          ]}
          onChange={(strategy) => onChange({ ...filters, strategy })}
        />
        <ExperimentFilter
          experiment={filters.experiment}
          variant={filters.variant}
          onChange={(experiment, variant) => onChange({ ...filters, experiment, variant })}
        />
        <FilterSelect
          label="Outcome"
          value={filters.outcome}
          choices={outcomeChoices}
          onChange={(outcome) => onChange({ ...filters, outcome: outcomeOf(outcome) })}
        />
      </div>
      <ErrorMessage error={choices.error} />
      <div class="actions">
        <button type="button" class="secondary" disabled={!filtered} onClick={() => onChange(noFilters)}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
