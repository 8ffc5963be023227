/** A figure as people read it: up to `digits` decimals, trailing zeros dropped (0.5, 12, 0.125). */
export function numberText(value: number, digits = 3): string {
  return Number(value.toFixed(digits)).toLocaleString("en", { maximumFractionDigits: digits });
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
