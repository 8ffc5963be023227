import type { AskResponse } from "../app/ask-service.ts";
import type { TraceEvent } from "../reasoning/trace-events.ts";

const number = (value: number, digits = 2): string => value.toFixed(digits);

/**
 * A trace as lines a person reads: the recall, each step's candidates and rewards, the retrieval decisions and why
 * ("-> retrieve: best reward 0.41 is under the gate 0.50 …").
 */
export function formatTrace(trace: readonly TraceEvent[]): string[] {
  const lines: string[] = [];
  for (const event of trace) {
    switch (event.type) {
      case "recall-start":
        lines.push(`recall: ${event.question}`);
        break;
      case "recall-end":
        for (const step of event.steps) lines.push(`  recalled: ${step}`);
        lines.push(
          `  draft answer: ${event.draftAnswer ?? "(none)"} (mean log-probability ${number(event.answerLogprob)})`,
        );
        break;
      case "step-sample":
        lines.push(
          `step ${event.step + 1}: ${event.candidates.length} candidate(s), ${event.withPassages} passage(s) in the prompt`,
        );
        break;
      case "step-reward":
        event.candidates.forEach((candidate, index) => {
          const parts = Object.entries(candidate.parts)
            .map(([name, value]) => `${name} ${number(value as number)}`)
            .join(", ");
          const mark = index === event.chosen ? "*" : " ";
          lines.push(`  ${mark} ${number(candidate.reward)}  ${candidate.text}  (${parts})`);
        });
        lines.push(`  -> ${event.decision}: ${event.reason}`);
        break;
      case "retrieve-start":
        lines.push(`  retrieve (${event.queryKind} query): ${event.query.replace(/\s+/g, " ")}`);
        break;
      case "retrieve-end":
        lines.push(
          `  found ${event.passages.length}, ${event.newPassages} new: ${event.passages.map((passage) => `[${passage.number}] ${passage.title}`).join(", ")}`,
        );
        break;
      case "answer-delta":
        break;
      case "decomposed":
        lines.push(`in parts: ${event.parts.join(" | ")}`);
        break;
      case "part-answer":
        lines.push(
          `part ${event.part + 1}: ${event.answer} (confidence ${number(event.confidence)}${event.abstained ? ", abstained" : ""})`,
        );
        break;
      case "answer-end":
        lines.push(
          `answer: ${event.answer} (confidence ${number(event.confidence)}${event.abstained ? ", abstained" : ""})`,
        );
        break;
    }
  }
  return lines;
}

/** The answer with its confidence, cost and sources. */
export function formatAnswer(response: AskResponse): string[] {
  const usage = response.usage;
  const lines = [
    response.answer,
    "",
    `confidence ${number(response.confidence)} · ${response.strategy} · ${usage.retrievals} retrieval(s) · ${usage.modelCalls} model call(s) · ${usage.promptTokens + usage.completionTokens} tokens · ${Math.round(response.latencyMs)} ms`,
  ];
  if (response.citations.length > 0) {
    lines.push("", "sources:");
    for (const citation of response.citations)
      lines.push(
        `  [${citation.number}] ${citation.title} (${citation.documentId}, characters ${citation.start}-${citation.end})`,
      );
  }
  return lines;
}
