/** A fraction in [0, 1] as a percentage with one decimal ("99.8%"). */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A score in [0, 1] with two decimals ("0.45"). */
export function score(value: number): string {
  return value.toFixed(2);
}

/** A score of any scale with two significant digits ("0.033": fused ranks score far below 1). */
export function significant(value: number): string {
  return value.toPrecision(2);
}
