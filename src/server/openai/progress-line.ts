import type { TraceEvent } from "../../reasoning/trace-events.ts";
import type { AskStartEvent } from "../ask-start-event.ts";

const score = (value: number): string => value.toFixed(2);

/** A long query (a generative one is the drafted steps) cut to a line a person reads. */
function shortened(text: string, characters = 160): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= characters ? line : `${line.slice(0, characters - 1)}…`;
}

/**
 * What an ask is doing, as one short line a person reads in a chat frontend's "thinking" panel: "Recalling what I
 * know…", "Step 2: <claim> (reward 0.81)", "Retrieving: <query>", "Found: <titles>". Undefined for an event that
 * says nothing new to a reader (the answer itself goes to the message, not here).
 */
export function progressLine(event: AskStartEvent | TraceEvent): string | undefined {
  switch (event.type) {
    case "ask-start":
      return event.corpus === null
        ? `Answering with ${event.strategy}, from memory only.`
        : `Answering with ${event.strategy} over the ${event.corpus} corpus.`;
    case "recall-start":
      return "Recalling what I know…";
    case "recall-end": {
      const recalled = event.steps.map((step) => `Recalled: ${step}`);
      const draft = event.draftAnswer === undefined ? [] : [`Draft answer: ${event.draftAnswer}`];
      return [...recalled, ...draft].join("\n") || "Recalled nothing that bears on the question.";
    }
    case "step-start":
      return `Checking step ${event.step + 1}…`;
    case "step-sample": {
      const [only] = event.candidates;
      if (event.candidates.length === 1 && only !== undefined) return `Step ${event.step + 1}: ${only}`;
      return undefined;
    }
    case "step-reward": {
      const chosen = event.candidates[event.chosen];
      if (!chosen) return undefined;
      if (event.decision === "retrieve") return `Step ${event.step + 1} is unsure: ${event.reason}. Looking it up.`;
      const after = event.decision === "accept-after-retrieval" ? " with passages" : "";
      return `Step ${event.step + 1}${after}: ${chosen.text} (reward ${score(chosen.reward)})`;
    }
    case "retrieve-start":
      return `Retrieving: ${shortened(event.query)}`;
    case "retrieve-end": {
      if (event.passages.length === 0) return "Found nothing.";
      const titles = [...new Set(event.passages.map((passage) => passage.title))];
      return `Found: ${titles.join(", ")} (${event.newPassages} new passage${event.newPassages === 1 ? "" : "s"})`;
    }
    case "answer-delta":
      return undefined;
    case "decomposed":
      return `Answering in parts: ${event.parts.join(" ")}`;
    case "part-answer":
      return `Part ${event.part + 1}: ${event.answer} (confidence ${score(event.confidence)}).`;
    case "answer-end":
      return event.abstained
        ? `Not sure enough to answer (confidence ${score(event.confidence)}).`
        : `Answered with confidence ${score(event.confidence)}.`;
  }
}
