import { ApiError } from "../api/api-error.ts";
import { percent } from "../components/number-text.ts";
import type { TraceEvent } from "../trace/trace-event.ts";
import type { AskRun } from "./use-ask-run.ts";

function underWay(event: TraceEvent | undefined): string {
  if (event === undefined) return "asking…";
  switch (event.type) {
    case "recall-start":
      return "recalling what the model knows…";
    case "recall-end":
      return `drafted ${event.draftAnswer === undefined ? "no answer" : `“${event.draftAnswer}”`} from memory.`;
    case "step-start":
      return `checking step ${event.step + 1}…`;
    case "step-sample":
      return `sampled ${event.candidates.length} candidates for step ${event.step + 1}.`;
    case "step-reward":
      return `the gate decided “${String(event.decision).replaceAll("-", " ")}” for step ${event.step + 1}.`;
    case "retrieve-start":
      return `retrieving passages for step ${event.step + 1}…`;
    case "retrieve-end":
      return `found ${event.passages.length} passages for step ${event.step + 1}.`;
    case "answer-delta":
      return "writing the answer…";
    case "answer-end":
      return "storing the answer…";
    case "decomposed":
      return `answering in ${event.parts.length} parts…`;
    case "part-answer":
      return `part ${event.part + 1} answered: “${event.answer}”.`;
  }
}

function failure(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : "something went wrong.";
}

/** How an ask ended, in a sentence; "" while it runs. */
function ending(run: AskRun): string {
  const strategy = run.request?.strategy ?? "The strategy";
  const answer = run.answer;
  switch (run.status) {
    case "idle":
    case "running":
      return "";
    case "answered":
      if (answer === undefined) return `${strategy} answered.`;
      return answer.abstained
        ? `${strategy} abstained (confidence ${percent(answer.confidence)}): ${answer.answer}`
        : `${strategy} answered: ${answer.answer} (confidence ${percent(answer.confidence)}).`;
    case "failed":
      return `${strategy} failed: ${failure(run.error)}`;
    case "cancelled":
      return `${strategy}: cancelled.`;
  }
}

/** One line saying where an ask is, event by event, for the eye. */
export function askProgress(run: AskRun): string {
  if (run.status !== "running") return ending(run);
  return `${run.request?.strategy ?? "The strategy"}: ${underWay(run.events.at(-1))}`;
}

/**
 * What a screen reader hears of an ask: its phases only (started, retrieving, then how it ended), not each event,
 * so that a live region changes a few times an ask.
 */
export function askAnnouncement(run: AskRun): string {
  if (run.status !== "running") return ending(run);
  const strategy = run.request?.strategy ?? "The strategy";
  return run.events.some((event) => event.type === "retrieve-start")
    ? `${strategy}: retrieving passages…`
    : `${strategy}: asking…`;
}
