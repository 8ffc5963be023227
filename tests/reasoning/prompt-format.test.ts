import { describe, expect, it } from "vitest";
import { parseCompletion, renderExample, renderPrompt } from "../../src/reasoning/prompt-format.ts";

describe("prompt format", () => {
  it("renders numbered passages, the question, the accepted steps and the label of the next line", () => {
    expect(renderPrompt({ passages: ["First\npassage.", "Second."], question: "Who?", steps: ["A is B."] })).toBe(
      "Passage [1]: First passage.\nPassage [2]: Second.\nQuestion: Who?\nStep: A is B.\nStep:",
    );
    expect(renderPrompt({ question: "Who?" }, "answer")).toBe("Question: Who?\nAnswer:");
  });

  it("renders a training example ending with the end-of-text token", () => {
    expect(renderExample({ question: "Who?", steps: ["A is B."], answer: "B" })).toBe(
      "Question: Who?\nStep: A is B.\nAnswer: B\n<|endoftext|>",
    );
  });

  it("reads the steps and the answer back from a completion", () => {
    expect(parseCompletion(" A is B.\nStep: B is C.\nAnswer: C\n<|endoftext|>Question: next")).toEqual({
      steps: ["A is B.", "B is C."],
      answer: "C",
    });
    expect(parseCompletion(" A is B.\nStep: B is")).toEqual({ steps: ["A is B.", "B is"], answer: undefined });
  });
});
