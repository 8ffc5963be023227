import { describe, expect, it } from "vitest";
import { BundledFormat } from "../../src/reasoning/formats/bundled-format.ts";
import { ChatFormat } from "../../src/reasoning/formats/chat-format.ts";
import { PlainFormat } from "../../src/reasoning/formats/plain-format.ts";
import { lineKind, parseCompletion } from "../../src/reasoning/prompt-format.ts";

const parts = { passages: ["First\npassage.", "Second."], question: "Who?", steps: ["A is B."] };

describe("the bundled format", () => {
  it("renders numbered passages, the question, the accepted steps and the label of the next line", async () => {
    const format = new BundledFormat();
    expect(await format.render(parts, "step")).toBe(
      "Passage [1]: First passage.\nPassage [2]: Second.\nQuestion: Who?\nStep: A is B.\nStep:",
    );
    expect(await format.render({ question: "Who?" }, "answer")).toBe("Question: Who?\nAnswer:");
    expect(await format.render({ question: "Who?", steps: ["A."] }, "either")).toBe("Question: Who?\nStep: A.\n");
  });

  it("puts the caller's instructions on the first line, and stays as it is without any", async () => {
    const format = new BundledFormat();
    expect(await format.withInstructions("Be\nbrief.").render({ question: "Who?" }, "step")).toBe(
      "Instructions: Be brief.\nQuestion: Who?\nStep:",
    );
    expect(format.withInstructions("  ")).toBe(format);
  });
});

describe("the plain few-shot format", () => {
  it("says what to write, shows worked examples, then asks, each block apart", async () => {
    const prompt = await new PlainFormat().withInstructions("Be brief.").render(parts, "step");
    const blocks = prompt.split("\n\n");
    expect(blocks[0]).toMatch(/one short fact a line.*"Step:".*"Answer:".*Be brief\.$/);
    expect(blocks.slice(1, -1).every((block) => /\nAnswer: \S/.test(block))).toBe(true);
    expect(blocks.at(-1)).toBe(
      "Passage [1]: First passage.\nPassage [2]: Second.\nQuestion: Who?\nStep: A is B.\nStep:",
    );
  });
});

describe("the chat format", () => {
  it("renders its messages with the model's own template and begins the reply with the accepted steps", async () => {
    const seen: { role: string; content: string }[][] = [];
    const format = new ChatFormat(async (messages) => {
      seen.push(messages.map((message) => ({ ...message })));
      return (
        messages.map((message) => `<${message.role}>${message.content}</${message.role}>`).join("") + "<assistant>"
      );
    });
    const prompt = await format.withInstructions("Be brief.").render(parts, "step");
    expect(prompt.endsWith("<assistant>Step: A is B.\nStep:")).toBe(true);
    const messages = seen[0] ?? [];
    expect(messages[0]?.role).toBe("system");
    expect(messages[0]?.content).toMatch(/"Step:".*"Answer:".*Be brief\.$/);
    expect(messages.slice(1, -1).map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(messages.at(-1)).toEqual({
      role: "user",
      content: "Passage [1]: First passage.\nPassage [2]: Second.\nQuestion: Who?",
    });
    expect(await format.render({ question: "Who?" }, "either")).toMatch(/<assistant>$/);
  });

  it("folds the system text into the first user turn when the template refuses a system role", async () => {
    const seen: string[][] = [];
    // A double of Gemma-2's template: no system role, and user and assistant strictly in turn.
    const format = new ChatFormat(async (messages) => {
      seen.push(messages.map((message) => message.role));
      if (messages.some((message) => message.role === "system")) throw new Error("System role not supported");
      messages.forEach((message, index) => {
        if (message.role !== (index % 2 === 0 ? "user" : "assistant"))
          throw new Error("Conversation roles must alternate user/assistant/user/assistant/...");
      });
      return messages.map((message) => `<${message.role}>${message.content}</${message.role}>`).join("");
    });
    const prompt = await format.withInstructions("Be brief.").render(parts, "step");
    expect(seen).toEqual([
      ["system", "user", "assistant", "user", "assistant", "user"],
      ["user", "assistant", "user", "assistant", "user"],
    ]);
    expect(prompt).toMatch(/^<user>[^<]*"Step:"[^<]*Be brief\.\n\n[^<]*Question: /);
    expect(prompt.endsWith("Question: Who?</user>Step: A is B.\nStep:")).toBe(true);
  });

  it("rethrows when the template refuses the folded messages too", async () => {
    let calls = 0;
    const format = new ChatFormat(async () => {
      calls++;
      throw new Error(`refusal ${calls}`);
    });
    await expect(format.render(parts, "step")).rejects.toThrow("refusal 2");
    expect(calls).toBe(2);
  });
});

describe("reading what a model wrote", () => {
  it("reads the steps and the answer back from a completion, whatever follows the answer", () => {
    expect(parseCompletion(" A is B.\nStep: B is C.\nAnswer: C\nQuestion: next")).toEqual({
      steps: ["A is B.", "B is C."],
      answer: "C",
    });
    expect(parseCompletion(" A is B.\nStep: B is")).toEqual({ steps: ["A is B.", "B is"], answer: undefined });
  });

  it("tells a step from an answer from anything else", () => {
    expect(lineKind("Step: A.")).toEqual({ kind: "step", label: "Step:" });
    expect(lineKind("Answer: B")).toEqual({ kind: "answer", label: "Answer:" });
    expect(lineKind("Well.")).toEqual({ kind: "none", label: "" });
  });
});
