import { useEffect, useId, useState } from "preact/hooks";

/**
 * The experiment filter as free text, where the key may not list experiments: the name applies once entered (Enter
 * or leaving the field), not at each keystroke.
 */
export function ExperimentNameField(props: { value: string; note: string; onChange: (name: string) => void }) {
  const inputId = useId();
  const noteId = useId();
  const [draft, setDraft] = useState(props.value);
  useEffect(() => setDraft(props.value), [props.value]);
  return (
    <div class="field">
      <label for={inputId}>Experiment</label>
      <input
        id={inputId}
        type="text"
        autocomplete="off"
        placeholder="Any experiment"
        aria-describedby={noteId}
        value={draft}
        onInput={(event) => setDraft(event.currentTarget.value)}
        onChange={(event) => props.onChange(event.currentTarget.value.trim())}
      />
      <p id={noteId} class="muted small field-note">
        {props.note}
      </p>
    </div>
  );
}
