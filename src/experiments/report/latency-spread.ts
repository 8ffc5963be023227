import { percentile } from "../../evaluation/answer-metrics.ts";

/** The percentiles a box plot of latency draws. */
export interface LatencySpread {
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
  readonly count: number;
}

/** The spread of `latenciesMs` (percentiles as `recall eval ask` computes its median), or null without any. */
export function latencySpread(latenciesMs: readonly number[]): LatencySpread | null {
  if (latenciesMs.length === 0) return null;
  const at = (share: number) => percentile(latenciesMs, share);
  return { p5: at(0.05), p25: at(0.25), p50: at(0.5), p75: at(0.75), p95: at(0.95), count: latenciesMs.length };
}
