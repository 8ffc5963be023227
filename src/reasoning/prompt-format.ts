/**
 * The text format shared by the tiny generator's training data and the reasoning loop.
 *
 *   Instructions: <text>                 (optional: a chat's system message)
 *   Passage [1]: <passage text>          (zero or more, numbered from 1)
 *   Question: <the question>
 *   Step: <one sentence>                 (the recall: what the model knows, one fact a line)
 *   Step: <one sentence>
 *   Answer: <short answer>
 *   <|endoftext|>
 *
 * The loop keeps the prefix up to the last accepted step fixed and samples the next `Step:` line (it stops at a
 * newline), or the `Answer:` line once the steps are done.
 */

export const endOfText = "<|endoftext|>";
export const stepLabel = "Step:";
export const answerLabel = "Answer:";

/** The optional first line of a prompt: the caller's instructions, on one line. */
export function instructionsLine(instructions: string): string {
  return `Instructions: ${singleLine(instructions)}\n`;
}

export interface PromptParts {
  readonly passages?: readonly string[];
  /** The number of the first passage (default 1): passages left out of a long prompt keep their numbers' places. */
  readonly firstPassageNumber?: number;
  readonly question: string;
  readonly steps?: readonly string[];
}

/**
 * Renders the prompt up to and including the label of the next line the model should write; with "either", up to
 * the end of the last line, so that the model chooses between another step and the answer.
 */
export function renderPrompt(parts: PromptParts, next: "step" | "answer" | "either" = "step"): string {
  const lines: string[] = [];
  (parts.passages ?? []).forEach((passage, index) => {
    lines.push(`Passage [${index + (parts.firstPassageNumber ?? 1)}]: ${singleLine(passage)}`);
  });
  lines.push(`Question: ${singleLine(parts.question)}`);
  for (const step of parts.steps ?? []) lines.push(`${stepLabel} ${singleLine(step)}`);
  if (next === "either") return `${lines.join("\n")}\n`;
  lines.push(next === "step" ? stepLabel : answerLabel);
  return lines.join("\n");
}

/** A whole training example: the prompt, its steps and the answer, then the end-of-text token. */
export function renderExample(parts: PromptParts & { readonly answer: string }): string {
  return `${renderPrompt(parts, "answer")} ${singleLine(parts.answer)}\n${endOfText}`;
}

/** What the model wrote after a prompt that ends with `Step:`: its steps and its answer, if it gave one. */
export interface ParsedCompletion {
  readonly steps: readonly string[];
  readonly answer: string | undefined;
}

/** Reads the steps and the answer out of a completion that followed `renderPrompt(..., "step")`. */
export function parseCompletion(completion: string): ParsedCompletion {
  const text = `${stepLabel}${completion.split(endOfText)[0] ?? ""}`;
  const steps: string[] = [];
  let answer: string | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith(stepLabel)) {
      const step = line.slice(stepLabel.length).trim();
      if (step !== "") steps.push(step);
    } else if (line.startsWith(answerLabel)) {
      answer = line.slice(answerLabel.length).trim();
      break;
    }
  }
  return { steps, answer };
}

function singleLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
