import { useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { StrategyInfo } from "../api/strategy-info.ts";
import { useApi } from "../api/use-api.ts";
import { ErrorMessage } from "../components/error-message.tsx";
import { useFailure } from "../components/use-failure.ts";
import { useCorpora } from "../corpora/use-corpora.ts";
import { routeHref } from "../routing.ts";
import { type VariantDraft, variantDefinition } from "./variant-draft.ts";
import { VariantFields } from "./variant-fields.tsx";

const firstDrafts: readonly VariantDraft[] = [
  { key: 1, name: "control", strategy: "always-retrieve", weight: "1", params: "" },
  { key: 2, name: "treatment", strategy: "recall-then-retrieve", weight: "1", params: "" },
];

/**
 * Creates an experiment (POST /v1/experiments): a name, the corpus its asks retrieve from, and two or more variants,
 * the first the control; then opens it.
 */
export function CreateExperimentForm() {
  const strategies = useApi<{ strategies: StrategyInfo[] }>("/v1/strategies");
  const corpora = useCorpora();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [corpus, setCorpus] = useState("");
  const [drafts, setDrafts] = useState(firstDrafts);
  const [error, setError] = useFailure();
  const [creating, setCreating] = useState(false);
  const create = async () => {
    setError(undefined);
    setCreating(true);
    try {
      const variants = drafts.map((draft, index) => variantDefinition(draft, index + 1));
      await api.post("/v1/experiments", { name, description, ...(corpus === "" ? {} : { corpus }), variants });
      location.hash = routeHref("experiments", name);
    } catch (failure) {
      setError(failure);
      setCreating(false);
    }
  };
  const nextKey = Math.max(...drafts.map((draft) => draft.key)) + 1;
  return (
    <form
      class="panel"
      aria-labelledby="create-experiment-title"
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
    >
      <h2 id="create-experiment-title">Create an experiment</h2>
      <p class="muted">
        Asks sent with <code>"experiment"</code> and a <code>"user"</code> go to a variant by the weights, the same
        variant for the same user; each variant is compared with the first.
      </p>
      <div class="form-grid">
        <label>
          Name
          <input
            required
            pattern="[a-z0-9][a-z0-9_\-]{0,63}"
            title="lower-case letters, digits, - and _"
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <label>
          Corpus
          <select value={corpus} onChange={(event) => setCorpus(event.currentTarget.value)}>
            <option value="">none: each ask names its own</option>
            {corpora.corpora?.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label class="stacked">
        Description
        <textarea rows={2} value={description} onInput={(event) => setDescription(event.currentTarget.value)} />
      </label>
      <ErrorMessage error={strategies.error ?? corpora.error} />
      {drafts.map((draft, index) => (
        <VariantFields
          key={draft.key}
          draft={draft}
          position={index + 1}
          strategies={strategies.data?.strategies ?? []}
          removable={drafts.length > 2}
          onChange={(next) => setDrafts(drafts.map((candidate) => (candidate.key === draft.key ? next : candidate)))}
          onRemove={() => setDrafts(drafts.filter((candidate) => candidate.key !== draft.key))}
        />
      ))}
      <div class="actions">
        <button
          type="button"
          class="secondary"
          disabled={drafts.length >= 20}
          onClick={() =>
            setDrafts([
              ...drafts,
              { key: nextKey, name: `variant-${drafts.length + 1}`, strategy: "closed-book", weight: "1", params: "" },
            ])
          }
        >
          Add a variant
        </button>
      </div>
      <ErrorMessage error={error} />
      <div class="actions">
        <button type="submit" disabled={creating || strategies.data === undefined}>
          {creating ? "Creating…" : "Create experiment"}
        </button>
      </div>
    </form>
  );
}
