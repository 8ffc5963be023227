import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { paragraphId } from "../../indexers/loaders/context-paragraphs.ts";
import { readSources } from "../../indexers/read-sources.ts";
import type { LoadEvent, SourceDocument } from "../../indexers/source-document.ts";
import {
  colombian,
  easton,
  hotpotDatasetsRecords,
  hotpotDevSample,
  hotpotReleasedRecords,
  musiqueRecords,
  twoWikiRecord,
  writeJsonArray,
  writeJsonLines,
} from "../support/multi-hop-samples.ts";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "recall-multi-hop-sources-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function collect(paths: string[]): Promise<LoadEvent[]> {
  const events: LoadEvent[] = [];
  for await (const event of readSources(paths)) events.push(event);
  return events;
}

function documentsOf(events: readonly LoadEvent[]): SourceDocument[] {
  return events.flatMap((event) => (event.kind === "document" ? [event.document] : []));
}

function failuresOf(events: readonly LoadEvent[]): { uri: string; reason: string }[] {
  return events.flatMap((event) => (event.kind === "failure" ? [{ uri: event.uri, reason: event.reason }] : []));
}

describe.skipIf(!existsSync(hotpotDevSample))("indexing HotpotQA as originally released", () => {
  it("makes the same documents as Hugging Face's shape of the same records: each context paragraph once, by title", async () => {
    const datasets = documentsOf(
      await collect([await writeJsonLines(folder, "datasets.jsonl", await hotpotDatasetsRecords(20))]),
    );
    const released = documentsOf(
      await collect([await writeJsonArray(folder, "hotpot_dev_distractor_v1.json", await hotpotReleasedRecords(20))]),
    );
    const distinctTitles = new Set((await hotpotDatasetsRecords(20)).flatMap((record) => record.context.title));
    expect(released.map((document) => document.id)).toEqual([...distinctTitles]);
    expect(released.map(({ id, title, text }) => ({ id, title, text }))).toEqual(
      datasets.map(({ id, title, text }) => ({ id, title, text })),
    );
    expect(released[0]?.uri).toBe("hotpot_dev_distractor_v1.json:1");
  });

  it("reads the released records one a line too", async () => {
    const lines = await writeJsonLines(folder, "released.jsonl", await hotpotReleasedRecords(3));
    const array = await writeJsonArray(folder, "released.json", await hotpotReleasedRecords(3));
    const textsOf = (documents: SourceDocument[]) => documents.map(({ id, text }) => [id, text]);
    expect(textsOf(documentsOf(await collect([lines])))).toEqual(textsOf(documentsOf(await collect([array]))));
  });
});

describe("indexing 2WikiMultihopQA as released", () => {
  it("joins a paragraph's sentences with spaces where the release has none", async () => {
    const documents = documentsOf(await collect([await writeJsonArray(folder, "dev.json", [twoWikiRecord])]));
    expect(documents.map((document) => document.id)).toEqual([
      "Xawery Żuławski",
      "Polish-Russian War (film)",
      "Viktor Vasnetsov",
    ]);
    expect(documents[0]?.text).toBe(
      "Xawery Żuławski (born 22 December 1971 in Warsaw) is a Polish film director. He is the son of actress Małgorzata Braunek and director Andrzej Żuławski.",
    );
  });
});

describe("indexing MuSiQue as released", () => {
  it("makes one document per distinct paragraph: same title and other text is another document", async () => {
    const path = await writeJsonLines(folder, "musique_ans_v1.0_dev.jsonl", musiqueRecords);
    const documents = documentsOf(await collect([path]));
    expect(documents.map((document) => [document.id, document.title])).toEqual([
      [paragraphId("Blue Note", "Blue Note is a jazz label of New York."), "Blue Note"],
      [paragraphId("Kind of Blue", musiqueRecords[0]?.paragraphs[1]?.paragraph_text ?? ""), "Kind of Blue"],
      [paragraphId("Columbia Records", colombian), "Columbia Records"],
      [paragraphId("Columbia Records", easton), "Columbia Records"],
      [paragraphId("Edward Easton", musiqueRecords[1]?.paragraphs[1]?.paragraph_text ?? ""), "Edward Easton"],
    ]);
    expect(documents[3]).toMatchObject({ text: easton, uri: "musique_ans_v1.0_dev.jsonl:1" });
    expect(failuresOf(await collect([path]))).toEqual([]);
  });

  it("records a record whose paragraphs are malformed, naming its line, and reads the rest", async () => {
    const broken = { id: "2hop__9", question: "?", paragraphs: [{ idx: 0, title: "No text" }] };
    const path = await writeJsonLines(folder, "musique.jsonl", [musiqueRecords[1], broken]);
    const events = await collect([path]);
    expect(documentsOf(events)).toHaveLength(2);
    expect(failuresOf(events)).toEqual([
      {
        uri: `${path}:2`,
        reason: expect.stringMatching(/^line 2: "paragraphs" is not in the shape .*paragraphs\.0\.paragraph_text/),
      },
    ]);
  });
});

describe("indexing other .json files", () => {
  it("indexes a JSON array of {id, text, title?} documents, as JSON Lines documents are", async () => {
    const path = await writeJsonArray(folder, "notes.json", [
      { id: "n1", title: "Bells", text: "Bronze bells are cast in sand moulds." },
      { id: 2, text: "Anchors are forged from iron bars." },
    ]);
    expect(documentsOf(await collect([path])).map(({ id, title, text, uri }) => ({ id, title, text, uri }))).toEqual([
      { id: "n1", title: "Bells", text: "Bronze bells are cast in sand moulds.", uri: "notes.json:1" },
      { id: "2", title: "2", text: "Anchors are forged from iron bars.", uri: "notes.json:2" },
    ]);
  });

  it("records each record of a question set without passages (PopQA) as having no text, by its number", async () => {
    const popQa = [
      { id: 4222362, question: "What is George Rankin's occupation?", possible_answers: '["politician"]' },
    ];
    const path = await writeJsonArray(folder, "popqa.json", popQa);
    expect(failuresOf(await collect([path]))).toEqual([
      { uri: `${path}:1`, reason: 'record 1: no "text" text field (set --text-field for this file\'s shape)' },
    ]);
  });

  it("records a record that is not valid JSON by its number, and reads the others", async () => {
    const path = join(folder, "broken.json");
    await writeFile(path, '[{"id": "a", "text": "First."}, {"id": "b", "text": }, {"id": "c", "text": "Third."}]');
    const events = await collect([path]);
    expect(documentsOf(events).map((document) => document.id)).toEqual(["a", "c"]);
    expect(failuresOf(events)).toEqual([
      { uri: `${path}:2`, reason: expect.stringMatching(/^record 2 is not valid JSON \(/) },
    ]);
  });

  it("reads .json files found in a folder", async () => {
    await mkdir(join(folder, "sets"));
    await writeJsonArray(join(folder, "sets"), "two-wiki.json", [twoWikiRecord]);
    const documents = documentsOf(await collect([folder]));
    expect(documents.map((document) => document.uri)).toEqual([
      "sets/two-wiki.json:1",
      "sets/two-wiki.json:1",
      "sets/two-wiki.json:1",
    ]);
  });
});
