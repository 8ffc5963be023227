/** The values a chart's axis spans, lowest first. */
export type ChartRange = readonly [number, number];

/** `count` equal steps over a range, both ends included: 0, 0.25, 0.5, 0.75, 1 for a share. */
export function rangeTicks(range: ChartRange, count = 4): number[] {
  const [lowest, highest] = range;
  return Array.from({ length: count + 1 }, (_, step) => lowest + ((highest - lowest) * step) / count);
}

/**
 * Round ticks from 0 up to at least `maximum`: about `count` steps of 1, 2 or 5 times a power of ten, none smaller
 * than `smallestStep` (1 for counts). Up to 1 when `maximum` is 0.
 */
export function roundTicks(maximum: number, options: { count?: number; smallestStep?: number } = {}): number[] {
  const { count = 4, smallestStep = 0 } = options;
  if (!(maximum > 0)) return [0, Math.max(1, smallestStep)];
  const rough = maximum / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(smallestStep, ([1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power);
  const steps = Math.max(1, Math.ceil(maximum / step - 1e-9));
  return Array.from({ length: steps + 1 }, (_, index) => index * step);
}

/** A tick's label, short enough to sit under the plot's ends: no trailing zeros, thousands as k (0, 0.25, 1.5k). */
export function tickText(value: number): string {
  if (Math.abs(value) >= 1_000_000) return `${Number((value / 1_000_000).toFixed(1))}M`;
  if (Math.abs(value) >= 1000) return `${Number((value / 1000).toFixed(1))}k`;
  return String(Number(value.toFixed(6)));
}

/** Where a value falls across a range, clipped to it, as an SVG length ("37.5%"). */
export function positionIn(range: ChartRange, value: number): string {
  const [lowest, highest] = range;
  const share = highest === lowest ? 0 : (value - lowest) / (highest - lowest);
  return `${Math.min(1, Math.max(0, share)) * 100}%`;
}
