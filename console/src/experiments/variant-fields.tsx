import type { StrategyInfo } from "../api/strategy-info.ts";
import type { VariantDraft } from "./variant-draft.ts";

/** A strategy's parameters with their defaults, in a line: "samples 4, temperature 0.8". */
function parameterDefaults(strategy: StrategyInfo | undefined): string {
  const properties = Object.entries(strategy?.parameters.properties ?? {});
  return properties
    .map(([name, schema]) => {
      const value = schema.default;
      return typeof value === "number" || typeof value === "boolean" || typeof value === "string"
        ? `${name} ${String(value)}`
        : name;
    })
    .join(", ");
}

/** A description as a sentence: capital first, full stop last. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? "" : "."}`;
}

/** One variant of the experiment form: its name, strategy, weight and parameters; removable past the first two. */
export function VariantFields(props: {
  draft: VariantDraft;
  position: number;
  strategies: readonly StrategyInfo[];
  removable: boolean;
  onChange: (draft: VariantDraft) => void;
  onRemove: () => void;
}) {
  const { draft } = props;
  const strategy = props.strategies.find((candidate) => candidate.name === draft.strategy);
  const change = (next: Partial<VariantDraft>) => props.onChange({ ...draft, ...next });
  const hintId = `variant-${draft.key}-hint`;
  return (
    <fieldset class="group variant">
      <legend>
        Variant {props.position}
        {props.position === 1 ? " (the control)" : ""}
      </legend>
      <div class="form-grid">
        <label>
          Name
          <input
            required
            pattern="[a-z0-9][a-z0-9_\-]{0,63}"
            title="lower-case letters, digits, - and _"
            value={draft.name}
            onInput={(event) => change({ name: event.currentTarget.value })}
          />
        </label>
        <label>
          Strategy
          <select
            value={draft.strategy}
            aria-describedby={hintId}
            onChange={(event) => change({ strategy: event.currentTarget.value })}
          >
            {props.strategies.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Weight
          <input
            type="number"
            min={0.001}
            max={1000}
            step="any"
            required
            value={draft.weight}
            onInput={(event) => change({ weight: event.currentTarget.value })}
          />
        </label>
      </div>
      <p id={hintId} class="hint">
        {strategy ? `${sentence(strategy.description)} ` : ""}
        {strategy && parameterDefaults(strategy) !== ""
          ? `Parameters and defaults: ${parameterDefaults(strategy)}.`
          : ""}
      </p>
      <label>
        Parameters (JSON object; empty for the defaults)
        <textarea
          rows={2}
          spellcheck={false}
          placeholder='{"samples": 4}'
          value={draft.params}
          onInput={(event) => change({ params: event.currentTarget.value })}
        />
      </label>
      {props.removable && (
        <div class="actions">
          <button type="button" class="secondary" onClick={props.onRemove}>
            Remove variant {props.position}
          </button>
        </div>
      )}
    </fieldset>
  );
}
