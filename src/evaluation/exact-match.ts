/** Lower case, no punctuation, no articles, single spaces: the usual answer normalisation (SQuAD). */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\b(a|an|the)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether a predicted answer equals any gold answer after normalisation. */
export function exactMatch(prediction: string | undefined, answers: readonly string[]): boolean {
  if (prediction === undefined) return false;
  const normalized = normalizeAnswer(prediction);
  return answers.some((answer) => normalizeAnswer(answer) === normalized);
}
