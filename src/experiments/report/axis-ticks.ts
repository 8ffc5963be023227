/** `count` equal steps over a metric's range, both ends included: 0, 0.25, 0.5, 0.75, 1 for a share. */
export function rangeTicks(range: readonly [number, number], count = 4): number[] {
  const [minimum, maximum] = range;
  return Array.from({ length: count + 1 }, (_, step) => minimum + ((maximum - minimum) * step) / count);
}

/** Round ticks from 0 up to at least `maximum`, about `count` steps of 1, 2 or 5 times a power of ten. */
export function roundTicks(maximum: number, count = 4): number[] {
  const rough = Math.max(maximum, Number.MIN_VALUE) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  const steps = Math.max(1, Math.ceil(maximum / step - 1e-9));
  return Array.from({ length: steps + 1 }, (_, index) => index * step);
}

/** A tick's label: no trailing zeros (0, 0.25, 1, 1500). */
export function tickText(value: number): string {
  return String(Number(value.toFixed(6)));
}
