import { useId } from "preact/hooks";
import type { CorpusSummary } from "../corpora/corpus-api.ts";

/** What the corpus choice holds when no corpus is chosen (closed-book). */
export const noCorpus = "";

/** A labelled choice of corpus, or none (the strategy answers from the model's memory alone). */
export function CorpusSelect(props: {
  corpora: readonly CorpusSummary[] | undefined;
  value: string;
  onChange: (name: string) => void;
}) {
  const selectId = useId();
  return (
    <div class="field">
      <label for={selectId}>Corpus</label>
      <select
        id={selectId}
        value={props.value}
        disabled={props.corpora === undefined}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        {props.corpora?.map((corpus) => (
          <option key={corpus.name} value={corpus.name}>
            {corpus.name} ({corpus.documents} documents)
          </option>
        ))}
        <option value={noCorpus}>No corpus (closed-book)</option>
      </select>
    </div>
  );
}
