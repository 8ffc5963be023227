import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JsonArrayShapeError, JsonArraySplitter } from "../../src/util/json-array-splitter.ts";
import { type JsonRecordEvent, readJsonRecords } from "../../src/util/read-json-records.ts";

const tricky = [
  { id: "a", text: 'brackets ] and braces } and commas , inside "quotes"' },
  { id: "b", nested: [[1, [2]], { deep: { deeper: [] } }], text: "back\\slash\\" },
  "a plain string",
  42,
  null,
];

function split(text: string, pieceSize: number): string[] {
  const splitter = new JsonArraySplitter();
  const elements: string[] = [];
  for (let start = 0; start < text.length; start += pieceSize)
    elements.push(...splitter.push(text.slice(start, start + pieceSize)));
  splitter.end();
  return elements;
}

describe("JsonArraySplitter", () => {
  it("gives each element's text, whatever the size of the pieces it is fed", () => {
    const text = ` \n${JSON.stringify(tricky, null, 2)}\n`;
    for (const pieceSize of [1, 2, 7, 64, text.length]) {
      expect(split(text, pieceSize).map((element) => JSON.parse(element) as unknown)).toEqual(tricky);
    }
  });

  it("gives nothing for an empty array, and an empty text for an element left out", () => {
    expect(split("[ ]", 1)).toEqual([]);
    expect(split("[1,,2]", 1).map((element) => element.trim())).toEqual(["1", "", "2"]);
  });

  it("refuses text that is not one array", () => {
    expect(() => split('{"a": 1}', 4)).toThrow(JsonArrayShapeError);
    expect(() => split("[1] [2]", 4)).toThrow(/more after the array closes/);
    expect(() => split("[1, [2", 4)).toThrow(/ends inside element 2/);
    expect(() => split("  ", 4)).toThrow(/no array/);
  });
});

describe("readJsonRecords", () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "recall-json-records-"));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function read(name: string, text: string): Promise<JsonRecordEvent[]> {
    const path = join(folder, name);
    await writeFile(path, text);
    const events: JsonRecordEvent[] = [];
    for await (const event of readJsonRecords(path)) events.push(event);
    return events;
  }

  it("reads a .json array record by record, numbering them from 1, and goes on past a bad one", async () => {
    const events = await read("records.json", '\uFEFF[{"id": 1}, {"id": }, {"id": 3}]');
    expect(events.map((event) => [event.kind, event.place])).toEqual([
      ["record", "record 1"],
      ["invalid", "record 2"],
      ["record", "record 3"],
    ]);
    expect(events[1]).toMatchObject({ reason: expect.stringMatching(/^record 2 is not valid JSON \(/) });
  });

  it("reads .jsonl one record a line, even one that holds an array", async () => {
    const events = await read("records.jsonl", '{"id": 1}\n\n[1, 2]\n{"id": \n');
    expect(events.map((event) => [event.kind, event.place])).toEqual([
      ["record", "line 1"],
      ["record", "line 3"],
      ["invalid", "line 4"],
    ]);
  });

  it("reads a .json file of JSON Lines, and a .json file of one object as one record", async () => {
    const lines = await read("lines.json", '{"id": 1}\n{"id": 2}\n');
    expect(lines.map((event) => (event.kind === "record" ? event.value : event.reason))).toEqual([
      { id: 1 },
      { id: 2 },
    ]);
    const single = await read("single.json", '{\n  "id": "only",\n  "text": "One document."\n}\n');
    expect(single).toEqual([
      { kind: "record", number: 1, place: "record 1", value: { id: "only", text: "One document." } },
    ]);
  });

  it("says where an array stops being one: never closed, or text after it", async () => {
    expect(await read("cut.json", '[{"id": 1}, {"id": 2')).toEqual([
      { kind: "record", number: 1, place: "record 1", value: { id: 1 } },
      {
        kind: "invalid",
        number: 2,
        place: "record 2",
        reason: "not one well-formed JSON array: the text ends inside element 2, before the array closes",
      },
    ]);
    const trailing = await read("trailing.json", '[{"id": 1}, {"id": "a [b] \\"c\\""}]\n,');
    expect(trailing.filter((event) => event.kind === "record")).toHaveLength(2);
    expect(trailing.at(-1)).toMatchObject({ kind: "invalid", reason: expect.stringContaining("more after the array") });
  });
});
