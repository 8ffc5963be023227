import { percent } from "../components/number-text.ts";
import type { AskSummary } from "./stored-ask.ts";

/** What a stored ask came to, in a sentence, and the tone it is shown in. */
export function storedOutcome(ask: AskSummary): { text: string; tone: "answered" | "abstained" | "failed" } {
  if (ask.status === "failed")
    return {
      text: `Failed (${ask.error ?? "unknown error"}): the trace shows how far the strategy got.`,
      tone: "failed",
    };
  if (ask.abstained) return { text: `Abstained (confidence ${percent(ask.confidence)}).`, tone: "abstained" };
  return { text: `Answered: ${ask.answer} (confidence ${percent(ask.confidence)}).`, tone: "answered" };
}
