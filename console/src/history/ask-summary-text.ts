import { percent } from "../components/number-text.ts";
import type { AskSummary } from "./stored-ask.ts";

/** The corpus an ask searched, or that it had none (it answered closed-book). */
export function corpusText(ask: AskSummary): string {
  return ask.corpus ?? "no corpus";
}

/** The experiment and variant that assigned an ask's strategy ("loop-vs-rag / control"), if one did. */
export function experimentText(ask: AskSummary): string | undefined {
  if (ask.experiment === null) return undefined;
  return ask.variant === null ? ask.experiment : `${ask.experiment} / ${ask.variant}`;
}

/** An ask's confidence as a percentage; a dash for a failed ask, which has none. */
export function confidenceText(ask: AskSummary): string {
  return ask.status === "failed" ? "–" : percent(ask.confidence);
}

/** How long an ask took: milliseconds under a second, else seconds with one decimal. */
export function latencyText(latencyMs: number): string {
  return latencyMs < 1000 ? `${Math.round(latencyMs)} ms` : `${(latencyMs / 1000).toFixed(1)} s`;
}
