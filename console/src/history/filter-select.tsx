import { useId } from "preact/hooks";

/** One choice of a filter: the value sent and the text shown. */
export interface FilterChoice {
  readonly value: string;
  readonly text: string;
}

/** A labelled choice of one filter's value; `choices` begins with the one that leaves the filter out. */
export function FilterSelect(props: {
  label: string;
  value: string;
  choices: readonly FilterChoice[];
  onChange: (value: string) => void;
  disabled?: boolean;
}) {
  const selectId = useId();
  return (
    <div class="field">
      <label for={selectId}>{props.label}</label>
      <select
        id={selectId}
        value={props.value}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        {props.choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.text}
          </option>
        ))}
      </select>
    </div>
  );
}
