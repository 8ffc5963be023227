/**
 * A failed SQL query's message ends with the values it was sent ("params: …"): a question, a document's text, an
 * upload's bytes. What a log keeps of it: the query, without them.
 */
export function withoutQueryParameters(text: string): string {
  return text.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/, "\nparams: (left out of the log)");
}
