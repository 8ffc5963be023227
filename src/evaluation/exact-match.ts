import { normalizeAnswer } from "../text/normalize-answer.ts";

/** Whether a predicted answer equals any gold answer after normalisation. */
export function exactMatch(prediction: string | undefined, answers: readonly string[]): boolean {
  if (prediction === undefined) return false;
  const normalized = normalizeAnswer(prediction);
  return answers.some((answer) => normalizeAnswer(answer) === normalized);
}
