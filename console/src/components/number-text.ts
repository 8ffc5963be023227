/** A figure as people read it: up to `digits` decimals, trailing zeros dropped (0.5, 12, 0.125, 1,200). */
export function numberText(value: number, digits = 3): string {
  return Number(value.toFixed(digits)).toLocaleString("en", { maximumFractionDigits: digits });
}

/** A count and its noun, the noun plural unless the count is 1: "1 chunk", "1,200 documents". */
export function plural(count: number, noun: string): string {
  return `${numberText(count)} ${noun}${count === 1 ? "" : "s"}`;
}

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

/** An estimate with its 95% interval: "0.42 [0.21, 0.65]". */
export function intervalText(interval: { estimate: number; low: number; high: number }): string {
  return `${numberText(interval.estimate)} [${numberText(interval.low)}, ${numberText(interval.high)}]`;
}

/** A size in bytes: "812 B", "12.4 KB", "3.1 MB". */
export function byteText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${numberText(bytes / 1024, 1)} KB`;
  return `${numberText(bytes / (1024 * 1024), 1)} MB`;
}

/** A stored time (ISO 8601) in the reader's locale, to the minute. */
export function timeText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
