import { basename, extname } from "node:path";
import { parse } from "yaml";
import type { LoadEvent } from "../source-document.ts";
import { readTextFile } from "./plain-text.ts";

const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/**
 * A .md file: YAML front matter becomes metadata (its `title`, if any, the title); the body is kept as written,
 * headings included, so that chunks keep their context. Without a front-matter title, the first heading is the title.
 */
export async function* loadMarkdownFile(path: string, id: string): AsyncIterable<LoadEvent> {
  const read = await readTextFile(path);
  if ("problem" in read) {
    yield { kind: "failure", uri: path, reason: read.problem };
    return;
  }
  let metadata: Record<string, unknown> = {};
  let body = read.text;
  const match = frontMatter.exec(read.text);
  if (match) {
    try {
      const parsed: unknown = parse(match[1] ?? "");
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
        metadata = parsed as Record<string, unknown>;
      else if (parsed !== null) throw new Error("it is not a mapping");
    } catch (error) {
      yield {
        kind: "failure",
        uri: path,
        reason: `the front matter is not valid YAML (${error instanceof Error ? error.message : String(error)})`,
      };
      return;
    }
    body = read.text.slice(match[0].length);
  }
  if (body.trim() === "") {
    yield { kind: "failure", uri: path, reason: "the file has no text after its front matter" };
    return;
  }
  const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(body)?.[1];
  const title = typeof metadata.title === "string" ? metadata.title : (heading ?? basename(path, extname(path)));
  yield { kind: "document", document: { id, uri: id, title, text: body, metadata } };
}
