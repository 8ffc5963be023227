import { basename, normalize } from "node:path";

/** What a path's name is made of (besides its separators): a character that is not one may come right before a path. */
const nameCharacter = "\\p{L}\\p{M}\\p{N}_.~%+\\-";

/** What may come right before a path in a failure's text: its start, or anything that is not part of a name. */
const before = `(^|[^${nameCharacter}\\\\/])`;

/** A URL other than a file URL (https://…, s3://…): left as it is, though its path looks like a server's. */
const webUrl = /(\b(?!file:)[a-z][a-z\d+.-]*:\/\/[^\s'"`()<>]*)/iu;

/** A file URL's scheme and host (none, or localhost), before the absolute path it names. */
const fileUrl = /\bfile:\/\/(?:localhost)?(?=\/)/giu;

/**
 * A failure's uri or reason as a `recall index` run recorded it (naming the paths it read, for the operator), with
 * those paths made relative to what was indexed, as a document's uri is: a file in a folder given becomes its path in
 * that folder, a path given becomes its name. Whatever still reads as an absolute path (one outside the sources, say)
 * becomes its last part, so that no server path reaches a client: a path after any character that cannot end a name
 * (`path=/home/…`, `[/home/…]`, `<ref:/home/…>`), and a file URL's (`file:///home/…`). Other URLs are left alone.
 */
export function relativeToSources(text: string, sources: readonly string[]): string {
  const roots = [...new Set(sources.flatMap(spellings))].sort((left, right) => right.length - left.length);
  // split with a capturing pattern: the URLs are the odd parts.
  return text
    .split(webUrl)
    .map((part, index) => (index % 2 === 1 ? part : withoutServerPaths(part.replace(fileUrl, ""), roots)))
    .join("");
}

function withoutServerPaths(text: string, roots: readonly string[]): string {
  let result = text;
  for (const root of roots) {
    const escaped = escapeRegExp(root);
    result = result
      .replace(new RegExp(`${before}${escaped}[\\\\/]`, "gu"), "$1")
      .replace(new RegExp(`${before}${escaped}(?=$|[^${nameCharacter}\\\\/])`, "gu"), `$1${basename(root)}`);
  }
  return result.replace(
    new RegExp(`${before}(?:[A-Za-z]:)?[\\\\/](?:[^\\s'"\`()\\\\/]+[\\\\/])*([^\\s'"\`()\\\\/:]+)`, "gu"),
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
