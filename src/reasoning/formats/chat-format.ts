import type { ChatMessage } from "../../models/language-model.ts";
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
 * For a chat model: its own chat template renders a system message (what to write, and the caller's instructions),
 * two worked examples as earlier turns, and the question as the user's turn; the assistant's reply is begun with
 * the steps accepted so far, so that the model continues it from the fixed prefix. A template that refuses the system
 * message gets its text at the start of the first user turn instead.
 */
export class ChatFormat implements PromptFormat {
  readonly name = "chat";
  readonly draftStops = ["\nQuestion:", "\n\n"];
  readonly examples = workedExamples.length;

  constructor(
    private readonly renderChat: (messages: readonly ChatMessage[]) => Promise<string>,
    private readonly instructions?: string,
  ) {}

  async render(parts: PromptParts, next: NextLine, examples = this.examples): Promise<string> {
    const system = [lineInstructions, ...(this.instructions ? [singleLine(this.instructions)] : [])].join(" ");
    const messages: ChatMessage[] = [{ role: "system", content: system }];
    for (const example of workedExamples.slice(0, examples)) {
      messages.push({ role: "user", content: userTurn(example) });
      messages.push({
        role: "assistant",
        content: [...reasoningLines(example, "either"), `${answerLabel} ${example.answer}`].join("\n"),
      });
    }
    messages.push({ role: "user", content: userTurn(parts) });
    const begun = reasoningLines(parts, next).join("\n");
    const reply = next === "either" && begun !== "" ? `${begun}\n` : begun;
    return `${await this.renderWithSystemFallback(messages)}${reply}`;
  }

  /**
   * The chat rendered by the model's template; a template that refuses a system message or wants strict user and
   * assistant turns (Gemma-2: "System role not supported") gets the system text folded into the first user turn.
   * A second refusal is the caller's to see.
   */
  private async renderWithSystemFallback(messages: readonly ChatMessage[]): Promise<string> {
    try {
      return await this.renderChat(messages);
    } catch {
      return this.renderChat(foldSystem(messages));
    }
  }

  withInstructions(instructions: string | undefined): PromptFormat {
    const text = instructions?.trim();
    return text ? new ChatFormat(this.renderChat, text) : this;
  }
}

function userTurn(parts: PromptParts): string {
  return [...passageLines(parts), `Question: ${singleLine(parts.question)}`].join("\n");
}

/** The messages without system messages, their text put before the first user turn's. */
function foldSystem(messages: readonly ChatMessage[]): ChatMessage[] {
  const system = messages
    .filter((message) => message.role === "system")
    .map((message) => message.content)
    .join("\n");
  const rest = messages.filter((message) => message.role !== "system");
  const first = rest.findIndex((message) => message.role === "user");
  if (system === "") return rest;
  if (first === -1) return [{ role: "user", content: system }, ...rest];
  return rest.map((message, index) =>
    index === first ? { role: "user", content: `${system}\n\n${message.content}` } : message,
  );
}
