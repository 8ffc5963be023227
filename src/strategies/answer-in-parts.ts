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
        context.emit({ ...event, step: event.step + stepOffset } as TraceEvent);
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
  const abstained = winner === undefined || confidence < (settings.abstainBelow ?? 0);
  const answer = abstained ? notKnownAnswer : winner;
  const { passages, citations } = mergedSources(outcomes);
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

/** The parts' passages in one list, numbered on from the earlier parts' (a passage both used listed once). */
function mergedSources(outcomes: readonly AnswerOutcome[]): { passages: PassageRef[]; citations: Citation[] } {
  const passages: PassageRef[] = [];
  const citations: Citation[] = [];
  for (const outcome of outcomes) {
    const numbers = new Map<number, number>();
    for (const passage of outcome.passages) {
      const held = passages.find((other) => other.chunkId === passage.chunkId);
      const number = held?.number ?? passages.length + 1;
      numbers.set(passage.number, number);
      if (!held) passages.push({ ...passage, number });
    }
    for (const citation of outcome.citations) {
      if (citations.some((other) => other.chunkId === citation.chunkId)) continue;
      citations.push({ ...citation, number: numbers.get(citation.number) ?? citation.number });
    }
  }
  return { passages, citations };
}
