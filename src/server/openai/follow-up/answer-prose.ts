const citationMarker = /[ \t]*\[\d+\]/g;
const sourcesList = /\n\s*Sources:\n[\s\S]*$/;

/**
 * The prose of an assistant turn, without the apparatus of citations that Recall's answers carry (see answerContent):
 * the [n] markers and the closing "Sources:" list, whose document titles name things the answer does not talk about.
 */
export function answerProse(text: string): string {
  return text.replace(sourcesList, "").replace(citationMarker, "");
}
