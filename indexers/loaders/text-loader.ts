import { basename, extname } from "node:path";
import type { LoadEvent } from "../source-document.ts";
import { readTextFile } from "./plain-text.ts";

/** A .txt file: one document, titled after the file. */
export async function* loadTextFile(path: string, id: string): AsyncIterable<LoadEvent> {
  const read = await readTextFile(path);
  if ("problem" in read) {
    yield { kind: "failure", uri: path, reason: read.problem };
    return;
  }
  yield {
    kind: "document",
    document: { id, uri: id, title: basename(path, extname(path)), text: read.text, metadata: {} },
  };
}
