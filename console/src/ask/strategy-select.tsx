import { useId } from "preact/hooks";
import type { StrategyInfo } from "../api/strategy-info.ts";

/** A labelled choice of strategy, its description below it. */
export function StrategySelect(props: {
  label: string;
  strategies: readonly StrategyInfo[] | undefined;
  value: string | undefined;
  onChange: (name: string) => void;
}) {
  const selectId = useId();
  const descriptionId = useId();
  const chosen = props.strategies?.find((strategy) => strategy.name === props.value);
  return (
    <div class="field">
      <label for={selectId}>{props.label}</label>
      <select
        id={selectId}
        value={props.value ?? ""}
        disabled={props.strategies === undefined}
        aria-describedby={descriptionId}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        {props.strategies === undefined ? (
          <option value="">Loading…</option>
        ) : (
          props.strategies.map((strategy) => (
            <option key={strategy.name} value={strategy.name}>
              {strategy.name}
            </option>
          ))
        )}
      </select>
      <p id={descriptionId} class="muted small field-note">
        {chosen?.description ?? ""}
      </p>
    </div>
  );
}
