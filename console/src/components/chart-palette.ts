/** Colours that stay apart for common colour blindness (Okabe and Ito), each dark enough on white. */
const palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56a0d3", "#000000"] as const;

/** The colour of the series at `index`: the same variant keeps its colour across charts. */
export function colourOf(index: number): string {
  return palette[index % palette.length] ?? "#000000";
}
