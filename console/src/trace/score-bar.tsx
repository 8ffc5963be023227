/** A value in [0, 1] as a labelled bar: a meter named by its label and read as its value text, then the value. */
export function ScoreBar(props: { label: string; value: number; valueText: string; tone?: "chosen" | "plain" }) {
  const clamped = Math.min(Math.max(props.value, 0), 1);
  return (
    <div class={props.tone === "chosen" ? "bar chosen" : "bar"}>
      <span aria-hidden="true">{props.label}</span>
      <meter class="meter" min={0} max={1} value={clamped} aria-label={props.label} aria-valuetext={props.valueText} />
      <span aria-hidden="true" class="value">
        {props.valueText}
      </span>
    </div>
  );
}
