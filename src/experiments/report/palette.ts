/** Colours that stay apart for the colour-blind (Okabe and Ito), one per variant in order. */
export const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

/** The colour of the variant at `index`. */
export function colourOf(index: number): string {
  return palette[index % palette.length] as string;
}
