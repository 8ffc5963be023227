import { basename, extname } from "node:path";
import { Parser } from "htmlparser2";
import type { LoadEvent } from "../source-document.ts";
import { readTextFile } from "./plain-text.ts";

const hidden = new Set(["script", "style", "noscript", "template", "head", "svg"]);
const blocks = new Set([
  "p",
  "div",
  "section",
  "article",
  "header",
  "footer",
  "li",
  "ul",
  "ol",
  "br",
  "tr",
  "table",
  "blockquote",
  "pre",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "main",
  "aside",
  "nav",
  "dd",
  "dt",
  "figcaption",
]);

/** The visible text of an HTML page (parsed, not pattern-matched), with blocks on their own lines, and its title. */
export function htmlToText(html: string): { title: string | undefined; text: string } {
  let depthHidden = 0;
  let inTitle = false;
  let title = "";
  let firstHeading: string | undefined;
  let inHeading = false;
  let heading = "";
  const parts: string[] = [];
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === "title") inTitle = true;
        if (hidden.has(name)) depthHidden++;
        if (name === "h1" && firstHeading === undefined) inHeading = true;
        if (blocks.has(name)) parts.push("\n\n");
      },
      ontext(text) {
        if (inTitle) title += text;
        if (depthHidden > 0) return;
        if (inHeading) heading += text;
        parts.push(text);
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        if (hidden.has(name)) depthHidden = Math.max(0, depthHidden - 1);
        if (name === "h1" && inHeading) {
          inHeading = false;
          firstHeading = heading.trim();
        }
        if (blocks.has(name)) parts.push("\n\n");
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const text = parts
    .join("")
    .split(/\n{2,}/)
    .map((block) => block.replace(/[ \t\r\n\u00a0]+/g, " ").trim())
    .filter((block) => block !== "")
    .join("\n\n");
  const cleanTitle = title.replace(/\s+/g, " ").trim();
  return { title: cleanTitle || firstHeading || undefined, text };
}

/** An .html file: its visible text, titled by <title> or the first <h1>. */
export async function* loadHtmlFile(path: string, id: string): AsyncIterable<LoadEvent> {
  const read = await readTextFile(path);
  if ("problem" in read) {
    yield { kind: "failure", uri: path, reason: read.problem };
    return;
  }
  const { title, text } = htmlToText(read.text);
  if (text === "") {
    yield { kind: "failure", uri: path, reason: "the page has no visible text" };
    return;
  }
  yield {
    kind: "document",
    document: { id, uri: id, title: title ?? basename(path, extname(path)), text, metadata: {} },
  };
}
