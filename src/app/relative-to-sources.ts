import { basename, normalize } from "node:path";

/** What may come right before a path in a failure's text: its start, a space, a quote or a parenthesis. */
const before = `(^|[\\s'"\`(])`;

/**
 * A failure's uri or reason as a `recall index` run recorded it (naming the paths it read, for the operator), with
 * those paths made relative to what was indexed, as a document's uri is: a file in a folder given becomes its path in
 * that folder, a path given becomes its name. Whatever still reads as an absolute path (one outside the sources, say)
 * becomes its last part, so that no server path reaches a client.
 */
export function relativeToSources(text: string, sources: readonly string[]): string {
  const roots = [...new Set(sources.flatMap(spellings))].sort((left, right) => right.length - left.length);
  let result = text;
  for (const root of roots) {
    const escaped = escapeRegExp(root);
    result = result
      .replace(new RegExp(`${before}${escaped}[\\\\/]`, "g"), "$1")
      .replace(new RegExp(`${before}${escaped}(?=$|[\\s'"\`),:])`, "g"), `$1${basename(root)}`);
  }
  return result.replace(
    new RegExp(`${before}(?:[A-Za-z]:)?[\\\\/](?:[^\\s'"\`()\\\\/]+[\\\\/])*([^\\s'"\`()\\\\/:]+)`, "g"),
    "$1$2",
  );
}

/** A source as it was given and as its paths were joined (normalised), without trailing separators. */
function spellings(source: string): string[] {
  return [source, normalize(source)]
    .map((spelling) => spelling.replace(/[\\/]+$/, ""))
    .filter((spelling) => spelling !== "" && spelling !== ".");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
