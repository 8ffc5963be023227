/**
 * A question that compares two named things by when something happened to them: "Who was born first, A or B?",
 * "Which town was founded earlier, A or B?". It is answered in parts: one question a thing ("In which year was A
 * born?"), then the years compared.
 */
export interface ComparisonQuestion {
  readonly options: readonly [string, string];
  /** The question each option's part asks ("In which year was A born?"), in the options' order. */
  readonly parts: readonly [string, string];
  /** Which year wins: the earlier ("first", "earlier", "older") or the later ("last", "later", "younger"). */
  readonly wants: "earlier" | "later";
}

const earlierWords = new Set(["first", "earlier", "earliest", "older", "oldest", "sooner"]);
const laterWords = new Set(["last", "later", "latest", "younger", "youngest", "more recently", "most recently"]);

/**
 * "Who|Which [noun] was|were <participle> <first|earlier|…>, <A> or <B>?", or undefined for any other question.
 * "Who is older, A or B?" asks for the earlier birth year.
 */
export function comparisonQuestion(question: string): ComparisonQuestion | undefined {
  const match =
    /^(?:who|which(?: [\p{L}-]+)?)\s+(was|were)\s+([\p{L}-]+)\s+(first|earlier|earliest|last|later|latest|more recently|most recently),\s*(.+?)\s+or\s+(.+?)\s*\?$/iu.exec(
      question.trim(),
    ) ?? /^(?:who)\s+(is|was)\s+()(older|younger|oldest|youngest),\s*(.+?)\s+or\s+(.+?)\s*\?$/iu.exec(question.trim());
  if (!match) return undefined;
  const [, auxiliary = "was", participle = "", order = "", first = "", second = ""] = match;
  if (first === "" || second === "" || first === second) return undefined;
  const wants = earlierWords.has(order.toLowerCase())
    ? "earlier"
    : laterWords.has(order.toLowerCase())
      ? "later"
      : undefined;
  if (!wants) return undefined;
  const verb = participle === "" ? "born" : participle;
  const tense = auxiliary.toLowerCase() === "were" ? "were" : "was";
  const part = (option: string) => `In which year ${tense} ${option} ${verb}?`;
  return { options: [first, second], parts: [part(first), part(second)], wants };
}

/** The first year (a run of three or four digits) an answer states, if any. */
export function yearOf(answer: string): number | undefined {
  const found = /\b(\d{3,4})\b/.exec(answer);
  return found ? Number(found[1]) : undefined;
}

/**
 * The option whose part's answer is the wanted year, or undefined when an answer states no year or the years tie.
 */
export function compareAnswers(comparison: ComparisonQuestion, answers: readonly [string, string]): string | undefined {
  const [first, second] = answers.map(yearOf);
  if (first === undefined || second === undefined || first === second) return undefined;
  const firstWins = comparison.wants === "earlier" ? first < second : first > second;
  return comparison.options[firstWins ? 0 : 1];
}
