import { RecallError } from "../errors/recall-error.ts";

/** A question or search query the command line will not send: empty, or longer than the server would take. */
export class InvalidQuestionError extends RecallError {
  override readonly name = "InvalidQuestionError";
  readonly code = "invalid_question";
  readonly status = 400;
}

const emptyAdvice = { question: "ask something, in quotes", query: "search for something, in quotes" } as const;

/**
 * The question (or query) as it will be sent (trimmed), checked as /v1/ask and /v1/search check it: not empty, no NUL
 * character, within limits.questionChars.
 */
export function questionArgument(text: string, maxCharacters: number, noun: "question" | "query" = "question"): string {
  const trimmed = text.trim();
  if (trimmed === "") throw new InvalidQuestionError(`The ${noun} is empty: ${emptyAdvice[noun]}.`);
  if (trimmed.includes("\u0000")) throw new InvalidQuestionError(`The ${noun} contains the NUL character (U+0000).`);
  if (trimmed.length > maxCharacters)
    throw new InvalidQuestionError(
      `The ${noun} is longer than limits.questionChars (${maxCharacters} characters). Shorten it, or raise server.limits.questionChars in the config.`,
    );
  return trimmed;
}
