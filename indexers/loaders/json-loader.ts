import { readJsonRecords } from "../../src/util/read-json-records.ts";
import type { JsonlFields, LoadEvent, SourceDocument } from "../source-document.ts";
import { contextParagraphsOf } from "./context-paragraphs.ts";

type JsonRecord = Record<string, unknown>;

/**
 * A .jsonl or .json file of records, read as a stream (a dump larger than memory is fine): JSON Lines, or one JSON
 * array (see `readJsonRecords`). Known shapes:
 * - BEIR `{_id, title, text, metadata?}`, and any `{id, text, title?}`;
 * - FlashRAG `{id, contents}`, where the first line of `contents` is the quoted title;
 * - multi-hop questions as published (HotpotQA, 2WikiMultihopQA, MuSiQue; see `contextParagraphsOf`): every context
 *   paragraph is a document, each once however many questions list it;
 * - any other shape through `fields` (`--id-field`, `--title-field`, `--text-field`).
 * A record that is not JSON, or has no id or no text, is a failure naming its line (JSON Lines) or its number (an
 * array); the rest go on. A record's uri is `name:N`, `name` being the file's name relative to what was indexed and N
 * the line or the record's number; a failure names the path read.
 */
export async function* loadJsonFile(path: string, name: string, fields: JsonlFields = {}): AsyncIterable<LoadEvent> {
  const seenParagraphs = new Set<string>();
  try {
    for await (const event of readJsonRecords(path)) {
      const uri = `${path}:${event.number}`;
      if (event.kind === "invalid") {
        yield { kind: "failure", uri, reason: event.reason };
        continue;
      }
      const record = event.value;
      if (record === null || typeof record !== "object" || Array.isArray(record)) {
        yield { kind: "failure", uri, reason: `${event.place} is not a JSON object` };
        continue;
      }
      yield* recordDocuments(
        record as JsonRecord,
        { record: `${name}:${event.number}`, failure: uri },
        event.place,
        fields,
        seenParagraphs,
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
  place: string,
  fields: JsonlFields,
  seen: Set<string>,
): Iterable<LoadEvent> {
  const named = fields.idField !== undefined || fields.textField !== undefined;
  const context = named ? undefined : contextParagraphsOf(record);
  if (context && "paragraphs" in context) {
    for (const { id, title, text } of context.paragraphs) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (text === "") continue;
      yield { kind: "document", document: { id, uri: uris.record, title, text, metadata: {} } };
    }
    return;
  }
  const document = toDocument(record, uris.record, fields);
  if (typeof document !== "string") yield { kind: "document", document };
  else yield { kind: "failure", uri: uris.failure, reason: `${place}: ${context?.problem ?? document}` };
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
