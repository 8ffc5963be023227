import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { JsonlFields, LoadEvent, SourceDocument } from "../source-document.ts";

type JsonRecord = Record<string, unknown>;

/**
 * A .jsonl file, one record a line, read as a stream (a dump larger than memory is fine). Known shapes:
 * - BEIR `{_id, title, text, metadata?}`;
 * - FlashRAG `{id, contents}`, where the first line of `contents` is the quoted title;
 * - HotpotQA-style questions with `context: {title: [...], sentences: [[...]]}`: every context paragraph is a
 *   document, identified by its title, each title once;
 * - any other shape through `fields` (`--id-field`, `--title-field`, `--text-field`).
 * A line that is not JSON, or has no id or no text, is a failure with its line number; the rest go on. A record's
 * uri is `name:line`, `name` being the file's name relative to what was indexed; a failure names the path read.
 */
export async function* loadJsonlFile(path: string, name: string, fields: JsonlFields = {}): AsyncIterable<LoadEvent> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const seenContextTitles = new Set<string>();
  let number = 0;
  try {
    for await (const line of lines) {
      number++;
      if (line.trim() === "") continue;
      const uri = `${path}:${number}`;
      const recordUri = `${name}:${number}`;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        yield {
          kind: "failure",
          uri,
          reason: `line ${number} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
        };
        continue;
      }
      if (record === null || typeof record !== "object" || Array.isArray(record)) {
        yield { kind: "failure", uri, reason: `line ${number} is not a JSON object` };
        continue;
      }
      yield* recordDocuments(
        record as JsonRecord,
        { record: recordUri, failure: uri },
        number,
        fields,
        seenContextTitles,
      );
    }
  } catch (error) {
    yield {
      kind: "failure",
      uri: path,
      reason: `the file cannot be read (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

function* recordDocuments(
  record: JsonRecord,
  uris: { readonly record: string; readonly failure: string },
  line: number,
  fields: JsonlFields,
  seen: Set<string>,
): Iterable<LoadEvent> {
  if (fields.idField === undefined && fields.textField === undefined && isContext(record.context)) {
    const { title: titles, sentences } = record.context;
    for (const [index, title] of titles.entries()) {
      if (seen.has(title)) continue;
      seen.add(title);
      const text = (sentences[index] ?? []).join("");
      if (text.trim() === "") continue;
      yield { kind: "document", document: { id: title, uri: uris.record, title, text: text.trim(), metadata: {} } };
    }
    return;
  }
  const document = toDocument(record, uris.record, fields);
  if (typeof document === "string") yield { kind: "failure", uri: uris.failure, reason: `line ${line}: ${document}` };
  else yield { kind: "document", document };
}

function toDocument(record: JsonRecord, uri: string, fields: JsonlFields): SourceDocument | string {
  const idField = fields.idField ?? ("_id" in record ? "_id" : "id");
  const textField = fields.textField ?? ("contents" in record && !("text" in record) ? "contents" : "text");
  const titleField = fields.titleField ?? "title";
  const id = record[idField];
  const rawText = record[textField];
  if (typeof id !== "string" && typeof id !== "number")
    return `no "${idField}" field (set --id-field for this file's shape)`;
  if (typeof rawText !== "string") return `no "${textField}" text field (set --text-field for this file's shape)`;
  let text = rawText;
  let title = typeof record[titleField] === "string" ? (record[titleField] as string) : "";
  if (textField === "contents" && fields.textField === undefined) {
    const quoted = /^"(.*)"\n/.exec(rawText);
    if (quoted) {
      title ||= quoted[1] ?? "";
      text = rawText.slice(quoted[0].length);
    }
  }
  if (text.trim() === "") return "the text is empty";
  const metadata =
    typeof record.metadata === "object" && record.metadata !== null && !Array.isArray(record.metadata)
      ? (record.metadata as JsonRecord)
      : {};
  return { id: String(id), uri, title: title || String(id), text, metadata };
}

function isContext(value: unknown): value is { title: string[]; sentences: string[][] } {
  if (value === null || typeof value !== "object") return false;
  const context = value as JsonRecord;
  return (
    Array.isArray(context.title) &&
    Array.isArray(context.sentences) &&
    context.title.every((title) => typeof title === "string")
  );
}
