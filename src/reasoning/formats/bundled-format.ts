import {
  type NextLine,
  type PromptFormat,
  type PromptParts,
  passageLines,
  reasoningLines,
  singleLine,
} from "../prompt-format.ts";

/**
 * The format the bundled tiny generator was trained on, one line each:
 *
 *   Instructions: <text>                 (optional: a chat's system message)
 *   Passage [1]: <passage text>          (zero or more, numbered from 1)
 *   Question: <the question>
 *   Step: ... / Answer: ...
 */
export class BundledFormat implements PromptFormat {
  readonly name = "bundled";
  readonly draftStops = ["\nQuestion:"];
  readonly examples = 0;

  constructor(private readonly instructions?: string) {}

  render(parts: PromptParts, next: NextLine): Promise<string> {
    return Promise.resolve(renderBundledPrompt(parts, next, this.instructions));
  }

  withInstructions(instructions: string | undefined): PromptFormat {
    const text = instructions?.trim();
    return text ? new BundledFormat(text) : this;
  }
}

/** The bundled format's prompt (also what its training data is made of). */
export function renderBundledPrompt(parts: PromptParts, next: NextLine, instructions?: string): string {
  const lines = [
    ...(instructions ? [`Instructions: ${singleLine(instructions)}`] : []),
    ...passageLines(parts),
    `Question: ${singleLine(parts.question)}`,
    ...reasoningLines(parts, next),
  ];
  return next === "either" ? `${lines.join("\n")}\n` : lines.join("\n");
}
