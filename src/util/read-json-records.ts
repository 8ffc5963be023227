import { createReadStream } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import { JsonArrayShapeError, JsonArraySplitter } from "./json-array-splitter.ts";

/**
 * One record of a JSON file, or why it could not be read. `number` counts from 1: the line in JSON Lines, the
 * element in a JSON array; `place` says which of the two ("line 3", "record 3"), for messages.
 */
export type JsonRecordEvent =
  | { readonly kind: "record"; readonly number: number; readonly place: string; readonly value: unknown }
  | { readonly kind: "invalid"; readonly number: number; readonly place: string; readonly reason: string };

/** How many bytes of a .json file are looked at to tell a JSON array from the rest. */
const openingBytes = 64 * 1024;
/** The largest .json file, not an array, that is tried as one JSON value before it is read as JSON Lines. */
const wholeValueBytes = 64 * 1024 * 1024;

/**
 * Reads the records of a JSON file as a stream, so that a published dump of any size (HotpotQA's 566 MB training
 * array) is fine: only one record is held at a time. A `.jsonl` file (or any other name) is JSON Lines, one record a
 * line, blank lines skipped. A `.json` file whose first character (after blanks) is `[` is one JSON array, read
 * element by element; one that holds a single JSON value (up to 64 MiB) is that one record; any other is read as
 * JSON Lines (as Hugging Face datasets writes its .json files). A record that is not valid JSON is an `invalid` event
 * and the rest go on, as is an array that never closes or text after it. A file that cannot be read throws (the file
 * system's error).
 */
export async function* readJsonRecords(path: string): AsyncIterable<JsonRecordEvent> {
  if (extname(path).toLowerCase() !== ".json") {
    yield* readLines(path);
    return;
  }
  const { opening, size } = await openingOf(path);
  if (opening.startsWith("[")) {
    yield* readArray(path);
    return;
  }
  const whole = size <= wholeValueBytes ? wholeValueOf(await readFile(path, "utf8")) : undefined;
  if (whole) yield { kind: "record", number: 1, place: "record 1", value: whole.value };
  else yield* readLines(path);
}

async function openingOf(path: string): Promise<{ opening: string; size: number }> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const { buffer, bytesRead } = await file.read({ buffer: Buffer.alloc(openingBytes), position: 0 });
    return {
      opening: buffer
        .subarray(0, bytesRead)
        .toString("utf8")
        .replace(/^\uFEFF/, "")
        .trimStart(),
      size,
    };
  } finally {
    await file.close();
  }
}

function wholeValueOf(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text.replace(/^\uFEFF/, "")) };
  } catch {
    return undefined;
  }
}

async function* readLines(path: string): AsyncIterable<JsonRecordEvent> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === "") continue;
    yield parsed(line, number, `line ${number}`);
  }
}

async function* readArray(path: string): AsyncIterable<JsonRecordEvent> {
  const splitter = new JsonArraySplitter();
  let number = 0;
  try {
    for await (const piece of createReadStream(path, { encoding: "utf8" })) {
      for (const element of splitter.push(piece as string)) {
        number++;
        yield parsed(element, number, `record ${number}`);
      }
    }
    splitter.end();
  } catch (error) {
    if (!(error instanceof JsonArrayShapeError)) throw error;
    yield {
      kind: "invalid",
      number: number + 1,
      place: `record ${number + 1}`,
      reason: `not one well-formed JSON array: ${error.message}`,
    };
  }
}

function parsed(text: string, number: number, place: string): JsonRecordEvent {
  try {
    return { kind: "record", number, place, value: JSON.parse(text) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { kind: "invalid", number, place, reason: `${place} is not valid JSON (${detail})` };
  }
}
