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
  // "A, B or C" compares three: not a comparison of two.
  if (
    first === "" ||
    second === "" ||
    first === second ||
    /,|\s+or\s+/.test(`${first} ${second}`.replace(/\s+or\s+$/, ""))
  )
    return undefined;
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

/** The year an answer states (four digits first, else three; "BC" or "BCE" after it makes it negative), if any. */
export function yearOf(answer: string): number | undefined {
  const found = /\b(\d{4})\b(\s*BCE?\b)?/.exec(answer) ?? /\b(\d{3})\b(\s*BCE?\b)?/.exec(answer);
  if (!found) return undefined;
  return found[2] ? -Number(found[1]) : Number(found[1]);
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
