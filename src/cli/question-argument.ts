import { RecallError } from "../errors/recall-error.ts";

/** A question the command line will not ask: empty, or longer than the server would take. */
export class InvalidQuestionError extends RecallError {
  override readonly name = "InvalidQuestionError";
  readonly code = "invalid_question";
  readonly status = 400;
}

/** The question as it will be asked (trimmed), checked as /v1/ask checks it: not empty, within limits.questionChars. */
export function questionArgument(question: string, maxCharacters: number): string {
  const trimmed = question.trim();
  if (trimmed === "") throw new InvalidQuestionError("The question is empty: ask something, in quotes.");
  if (trimmed.includes("\u0000")) throw new InvalidQuestionError("The question contains the NUL character (U+0000).");
  if (trimmed.length > maxCharacters)
    throw new InvalidQuestionError(
      `The question is longer than limits.questionChars (${maxCharacters} characters). Shorten it, or raise server.limits.questionChars in the config.`,
    );
  return trimmed;
}
