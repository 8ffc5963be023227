import type { AnswerOutcome } from "../reasoning/answer-outcome.ts";
import { comparisonConfidence } from "../reasoning/comparison-confidence.ts";
import { compareAnswers, comparisonQuestion } from "../reasoning/comparison-question.ts";
import { notKnownAnswer } from "../reasoning/finish-answer.ts";
import type { AnswerSignals, Citation, PassageRef, TraceEvent, TraceSink } from "../reasoning/trace-events.ts";
import type { Strategy, StrategyContext } from "./strategy.ts";

/** What answering in parts reads of any strategy's parameters (answerSettings). */
interface PartSettings {
  readonly compareInParts?: boolean;
  readonly abstainBelow?: number;
}

/**
 * Runs a strategy on a question; a comparison ("Who was born first, A or B?") it runs on each part ("In which year
 * was A born?") and answers with the option whose year is wanted. Every strategy is run the same way, so that they
 * differ only in how they answer the parts. The parts' steps and retrievals are traced as they happen, numbered on
 * from the earlier parts', each closed by a `part-answer`; the composed answer ends the trace as any answer does.
 */
export async function runStrategy<Parameters>(
  strategy: Strategy<Parameters>,
  question: string,
  parameters: Parameters,
  context: StrategyContext,
): Promise<AnswerOutcome> {
  const settings = parameters as PartSettings;
  const comparison = settings.compareInParts === false ? undefined : comparisonQuestion(question);
  if (!comparison) return strategy.run(question, parameters, context);
  context.emit({ type: "decomposed", parts: comparison.parts });
  const outcomes: AnswerOutcome[] = [];
  const signals: AnswerSignals[] = [];
  let stepOffset = 0;
  // Passages are numbered across the parts, in the order they were found (a passage both parts found, once).
  const numbers = new Map<string, number>();
  const numberOf = (chunkId: string): number => {
    const number = numbers.get(chunkId) ?? numbers.size + 1;
    numbers.set(chunkId, number);
    return number;
  };
  for (const [part, partQuestion] of comparison.parts.entries()) {
    let steps = 0;
    const emit: TraceSink = (event) => {
      if (event.type === "answer-delta") return;
      if (event.type === "answer-end") {
        if (event.signals) signals.push(event.signals);
        const { answer, confidence, abstained } = event;
        context.emit({ type: "part-answer", part, question: partQuestion, answer, confidence, abstained });
        return;
      }
      if ("step" in event) {
        steps = Math.max(steps, event.step + 1);
        const renumbered =
          event.type === "retrieve-end"
            ? {
                ...event,
                passages: event.passages.map((passage) => ({ ...passage, number: numberOf(passage.chunkId) })),
              }
            : event;
        context.emit({ ...renumbered, step: event.step + stepOffset } as TraceEvent);
        return;
      }
      context.emit(event);
    };
    outcomes.push(await strategy.run(partQuestion, parameters, { ...context, emit }));
    stepOffset += steps;
  }
  const guesses = outcomes.map((outcome) => outcome.guess ?? "") as [string, string];
  const winner = compareAnswers(comparison, guesses);
  const confidence = winner ? comparisonConfidence(outcomes.map((outcome) => outcome.confidence)) : 0;
  // A part that abstained still gives its guess: the comparison is then close to a coin toss, and its confidence (at
  // least one half) says so; the threshold decides.
  const abstained = winner === undefined || confidence < (settings.abstainBelow ?? 0);
  const answer = abstained ? notKnownAnswer : winner;
  const { passages, citations } = mergedSources(outcomes, numberOf);
  const kept = abstained ? [] : citations;
  context.emit({ type: "answer-delta", text: answer });
  context.emit({ type: "answer-end", answer, confidence, abstained, citations: kept, parts: signals });
  return {
    answer,
    abstained,
    confidence,
    guess: winner,
    answerTokens: [],
    steps: outcomes.flatMap((outcome) => outcome.steps),
    citations: kept,
    passages,
  };
}

/** The parts' passages in one list and their citations, numbered as the trace numbered them (`numberOf`). */
function mergedSources(
  outcomes: readonly AnswerOutcome[],
  numberOf: (chunkId: string) => number,
): { passages: PassageRef[]; citations: Citation[] } {
  const passages: PassageRef[] = [];
  const citations: Citation[] = [];
  for (const outcome of outcomes) {
    for (const passage of outcome.passages) {
      if (!passages.some((other) => other.chunkId === passage.chunkId))
        passages.push({ ...passage, number: numberOf(passage.chunkId) });
    }
    for (const citation of outcome.citations) {
      if (!citations.some((other) => other.chunkId === citation.chunkId))
        citations.push({ ...citation, number: numberOf(citation.chunkId) });
    }
  }
  passages.sort((left, right) => left.number - right.number);
  return { passages, citations };
}
