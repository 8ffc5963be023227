import {
  answerLabel,
  type NextLine,
  type PromptFormat,
  type PromptParts,
  passageLines,
  reasoningLines,
  singleLine,
} from "../prompt-format.ts";
import { lineInstructions, workedExamples } from "./worked-examples.ts";

/**
 * For a base model that has no chat template and was not trained on the loop's lines: plain text that says what to
 * write and shows two worked examples, each block separated by a blank line, then the question.
 */
export class PlainFormat implements PromptFormat {
  readonly name = "plain";
  readonly draftStops = ["\nQuestion:", "\n\n"];
  readonly examples = workedExamples.length;

  constructor(private readonly instructions?: string) {}

  render(parts: PromptParts, next: NextLine, examples = this.examples): Promise<string> {
    const header = [lineInstructions, ...(this.instructions ? [singleLine(this.instructions)] : [])].join(" ");
    const shown = workedExamples
      .slice(0, examples)
      .map((example) => [...block(example, "either"), `${answerLabel} ${example.answer}`].join("\n"));
    const question = block(parts, next).join("\n");
    const blocks = [header, ...shown, question];
    return Promise.resolve(`${blocks.join("\n\n")}${next === "either" ? "\n" : ""}`);
  }

  withInstructions(instructions: string | undefined): PromptFormat {
    const text = instructions?.trim();
    return text ? new PlainFormat(text) : this;
  }
}

function block(parts: PromptParts, next: NextLine): string[] {
  return [...passageLines(parts), `Question: ${singleLine(parts.question)}`, ...reasoningLines(parts, next)];
}
