/**
 * How the loop speaks to a model. Whatever the framing (the bundled format, a model's own chat template, a few-shot
 * plain text), the model writes the same lines, which the loop reads back:
 *
 *   Step: <one sentence>                 (the recall: what the model knows, one fact a line)
 *   Step: <one sentence>
 *   Answer: <short answer>
 *
 * The loop keeps the prompt up to the last accepted step fixed and samples the next `Step:` line (it stops at a
 * newline), or the `Answer:` line once the steps are done.
 */

export const stepLabel = "Step:";
export const answerLabel = "Answer:";

/** What a prompt holds, whatever its format. */
export interface PromptParts {
  readonly passages?: readonly string[];
  /** The number of the first passage (default 1): passages left out of a long prompt keep their numbers' places. */
  readonly firstPassageNumber?: number;
  readonly question: string;
  readonly steps?: readonly string[];
}

/** Where a rendered prompt ends: after the next line's label, or after the last line (the model chooses). */
export type NextLine = "step" | "answer" | "either";

export type PromptFormatName = "bundled" | "chat" | "plain";

/** A way of framing the loop's prompts for one model. */
export interface PromptFormat {
  readonly name: PromptFormatName;
  /** Worked examples it shows before the question (0 for a model trained on the lines). */
  readonly examples: number;
  /**
   * The prompt up to where the model writes its next line, with the first `examples` worked examples (all by
   * default): a prompt that does not fit a small model's context shows fewer.
   */
  render(parts: PromptParts, next: NextLine, examples?: number): Promise<string>;
  /** Strings that end a draft early: the model starting another question of its own. */
  readonly draftStops: readonly string[];
  /** The same format, with the caller's instructions (a chat's system message) given to the model. */
  withInstructions(instructions: string | undefined): PromptFormat;
}

/** What the model wrote after a prompt that ends with `Step:`: its steps and its answer, if it gave one. */
export interface ParsedCompletion {
  readonly steps: readonly string[];
  readonly answer: string | undefined;
}

/** Reads the steps and the answer out of a completion that followed a prompt rendered up to `Step:`. */
export function parseCompletion(completion: string): ParsedCompletion {
  const text = `${stepLabel}${completion}`;
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

/** Which line a model wrote after a prompt rendered up to its last line, and the label it began with. */
export function lineKind(text: string): { readonly kind: "step" | "answer" | "none"; readonly label: string } {
  if (text.startsWith(stepLabel)) return { kind: "step", label: stepLabel };
  if (text.startsWith(answerLabel)) return { kind: "answer", label: answerLabel };
  return { kind: "none", label: "" };
}

/** The text on one line: the formats are line-based. */
export function singleLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The lines after the question: the accepted steps, then the next line's label (none for "either"). */
export function reasoningLines(parts: PromptParts, next: NextLine): string[] {
  const lines = (parts.steps ?? []).map((step) => `${stepLabel} ${singleLine(step)}`);
  if (next !== "either") lines.push(next === "step" ? stepLabel : answerLabel);
  return lines;
}

/** The passages, numbered, one a line. */
export function passageLines(parts: PromptParts): string[] {
  return (parts.passages ?? []).map(
    (passage, index) => `Passage [${index + (parts.firstPassageNumber ?? 1)}]: ${singleLine(passage)}`,
  );
}
