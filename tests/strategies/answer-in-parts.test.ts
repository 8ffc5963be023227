import { describe, expect, it } from "vitest";
import type { AnswerOutcome } from "../../src/reasoning/answer-outcome.ts";
import { BundledFormat } from "../../src/reasoning/formats/bundled-format.ts";
import type { PassageRef, TraceEvent } from "../../src/reasoning/trace-events.ts";
import { runStrategy } from "../../src/strategies/answer-in-parts.ts";
import type { Strategy, StrategyContext } from "../../src/strategies/strategy.ts";
import { loadTinyLanguageModel } from "../support/bundled.ts";

const question = "Who was born first, Ada Byron or Alan Turing?";

function passage(chunkId: string, number: number): PassageRef {
  return {
    number,
    chunkId,
    documentId: `${chunkId}.md`,
    title: chunkId,
    text: chunkId,
    uri: `${chunkId}.md`,
    start: 0,
    end: 1,
    score: 1,
  };
}

/**
 * A strategy double: answers each part with the year and confidence it is given for it, after one retrieval that
 * finds the passages it is given (numbered in its own pool, as a strategy numbers them).
 */
function scriptedStrategy(
  answers: Record<string, { year: string; confidence: number; abstained: boolean; found: string[] }>,
): Strategy<{ abstainBelow: number }> {
  return {
    name: "scripted-double",
    description: "answers each part as scripted",
    parameters: undefined as never,
    async run(partQuestion, _settings, context): Promise<AnswerOutcome> {
      const script = Object.entries(answers).find(([name]) => partQuestion.includes(name))?.[1];
      if (!script) throw new Error(`no script for ${partQuestion}`);
      const passages = script.found.map((chunkId, index) => passage(chunkId, index + 1));
      context.emit({ type: "retrieve-start", step: 0, query: partQuestion, queryKind: "question" });
      context.emit({ type: "retrieve-end", step: 0, passages, newPassages: passages.length });
      context.emit({
        type: "answer-end",
        answer: script.year,
        confidence: script.confidence,
        abstained: script.abstained,
        citations: [],
      });
      const [first] = passages;
      return {
        answer: script.year,
        abstained: script.abstained,
        confidence: script.confidence,
        guess: script.year,
        answerTokens: [],
        steps: [`${partQuestion} ${script.year}`],
        citations: first ? [{ ...first }] : [],
        passages,
      };
    },
  };
}

async function run(strategy: Strategy<{ abstainBelow: number }>) {
  const events: TraceEvent[] = [];
  const context: StrategyContext = {
    languageModel: await loadTinyLanguageModel(),
    format: new BundledFormat(),
    retriever: undefined,
    emit: (event) => events.push(event),
  };
  return { outcome: await runStrategy(strategy, question, { abstainBelow: 0.5 }, context), events };
}

describe("a comparison answered in parts", () => {
  it("answers with the option whose year is earlier, as sure as both parts together", async () => {
    const { outcome, events } = await run(
      scriptedStrategy({
        "Ada Byron": { year: "1815", confidence: 0.9, abstained: false, found: ["ada", "shared"] },
        "Alan Turing": { year: "1912", confidence: 0.8, abstained: false, found: ["shared", "turing"] },
      }),
    );
    expect(outcome).toMatchObject({ answer: "Ada Byron", abstained: false, guess: "Ada Byron" });
    expect(outcome.confidence).toBeCloseTo(0.72 + 0.28 / 2);
    expect(events.filter((event) => event.type === "part-answer")).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: "answer-end", answer: "Ada Byron" });
  });

  it("numbers the parts' passages as one list, the same in the trace and in the answer's passages and citations", async () => {
    const { outcome, events } = await run(
      scriptedStrategy({
        "Ada Byron": { year: "1815", confidence: 0.9, abstained: false, found: ["ada", "shared"] },
        "Alan Turing": { year: "1912", confidence: 0.8, abstained: false, found: ["shared", "turing"] },
      }),
    );
    const traced = events.flatMap((event) =>
      event.type === "retrieve-end" ? event.passages.map((found) => [found.number, found.chunkId]) : [],
    );
    expect(traced).toEqual([
      [1, "ada"],
      [2, "shared"],
      [2, "shared"],
      [3, "turing"],
    ]);
    expect(outcome.passages.map((found) => [found.number, found.chunkId])).toEqual([
      [1, "ada"],
      [2, "shared"],
      [3, "turing"],
    ]);
    expect(outcome.citations.map((citation) => [citation.number, citation.chunkId])).toEqual([
      [1, "ada"],
      [2, "shared"],
    ]);
  });

  it("answers from a part that abstained, at little more than a coin toss's confidence", async () => {
    const { outcome } = await run(
      scriptedStrategy({
        "Ada Byron": { year: "1815", confidence: 0.9, abstained: false, found: [] },
        "Alan Turing": { year: "1900", confidence: 0.02, abstained: true, found: [] },
      }),
    );
    expect(outcome.guess).toBe("Ada Byron");
    expect(outcome.confidence).toBeCloseTo(0.509);
  });

  it("abstains when a part states no year", async () => {
    const { outcome } = await run(
      scriptedStrategy({
        "Ada Byron": { year: "1815", confidence: 0.9, abstained: false, found: [] },
        "Alan Turing": { year: "Sikre", confidence: 0.9, abstained: false, found: [] },
      }),
    );
    expect(outcome).toMatchObject({ abstained: true, confidence: 0 });
    expect(outcome.guess).toBeUndefined();
  });
});
