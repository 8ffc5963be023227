import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { paragraphId } from "../../indexers/loaders/context-paragraphs.ts";
import { DatasetError, readRetrievalDataset } from "../../src/evaluation/retrieval-dataset.ts";
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
  folder = await mkdtemp(join(tmpdir(), "recall-retrieval-dataset-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Each query's id, with its relevant document ids. */
async function judgementsOf(path: string): Promise<[string, string[]][]> {
  const dataset = await readRetrievalDataset(path);
  return dataset.queries.map((query) => [query.id, [...query.relevance.keys()]]);
}

async function refusalOf(path: string): Promise<DatasetError> {
  const error = await readRetrievalDataset(path).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(DatasetError);
  return error as DatasetError;
}

describe.skipIf(!existsSync(hotpotDevSample))("HotpotQA as originally released", () => {
  it("reads the JSON array file: one query per _id, its supporting-fact titles relevant, the file its corpus", async () => {
    const path = await writeJsonArray(folder, "hotpot_dev_distractor_v1.json", await hotpotReleasedRecords(5));
    const dataset = await readRetrievalDataset(path);
    expect(dataset.format).toBe("hotpotqa");
    expect(dataset.corpusSource).toBe(path);
    const [first] = dataset.queries;
    expect(first?.id).toBe("5abf63f15542997ec76fd3ea");
    expect(first?.text).toBe(
      "Alexander Kerensky was defeated and destroyed by the Bolsheviks in the course of a civil war that ended when ?",
    );
    expect(first?.relevance).toEqual(
      new Map([
        ["Socialist Revolutionary Party", 1],
        ["Russian Civil War", 1],
      ]),
    );
  });

  it("judges every question as Hugging Face's shape of the same records does, array or one record a line", async () => {
    const datasets = await writeJsonLines(folder, "datasets.jsonl", await hotpotDatasetsRecords(20));
    const array = await writeJsonArray(folder, "released.json", await hotpotReleasedRecords(20));
    const lines = await writeJsonLines(folder, "released.jsonl", await hotpotReleasedRecords(20));
    const expected = await judgementsOf(datasets);
    expect(expected).toHaveLength(20);
    expect(await judgementsOf(array)).toEqual(expected);
    expect(await judgementsOf(lines)).toEqual(expected);
  });
});

describe("2WikiMultihopQA as released", () => {
  it("reads dev.json: the supporting-fact titles are relevant, each once", async () => {
    const path = await writeJsonArray(folder, "dev.json", [twoWikiRecord]);
    const dataset = await readRetrievalDataset(path);
    expect(dataset.format).toBe("2wikimultihopqa");
    expect(await judgementsOf(path)).toEqual([
      ["8813f87c0bdd11eba7f7acde48001122", ["Polish-Russian War (film)", "Xawery Żuławski"]],
    ]);
  });
});

describe("MuSiQue as released", () => {
  it("judges the is_supporting paragraphs relevant, identified by title and text", async () => {
    const path = await writeJsonLines(folder, "musique_ans_v1.0_dev.jsonl", musiqueRecords);
    const dataset = await readRetrievalDataset(path);
    expect(dataset.format).toBe("musique");
    expect(dataset.corpusSource).toBe(path);
    const kindOfBlue = musiqueRecords[0]?.paragraphs[1]?.paragraph_text ?? "";
    const born = musiqueRecords[1]?.paragraphs[1]?.paragraph_text ?? "";
    expect(await judgementsOf(path)).toEqual([
      ["2hop__1_2", [paragraphId("Kind of Blue", kindOfBlue), paragraphId("Columbia Records", easton)]],
      ["2hop__3_4", [paragraphId("Columbia Records", easton), paragraphId("Edward Easton", born)]],
    ]);
  });

  it("tells two paragraphs under one title apart", () => {
    expect(paragraphId("Columbia Records", easton)).toMatch(/^Columbia Records#[0-9a-f]{8}$/);
    expect(paragraphId("Columbia Records", easton)).not.toBe(paragraphId("Columbia Records", colombian));
  });

  it("reads the same records from a JSON array", async () => {
    const lines = await writeJsonLines(folder, "musique.jsonl", musiqueRecords);
    const array = await writeJsonArray(folder, "musique.json", musiqueRecords);
    expect(await judgementsOf(array)).toEqual(await judgementsOf(lines));
  });

  it("refuses a record whose paragraphs are malformed, naming the record", async () => {
    const broken = { ...musiqueRecords[1], paragraphs: [{ idx: 0, title: "Edward Easton" }] };
    const path = await writeJsonArray(folder, "musique.json", [musiqueRecords[0], broken]);
    const error = await refusalOf(path);
    expect(error.message).toContain("record 2");
    expect(error.message).toContain("paragraphs.0.paragraph_text");
  });
});

describe("question sets without judgements, and malformed files", () => {
  const popQa = [
    {
      id: 4222362,
      subj: "George Rankin",
      prop: "occupation",
      obj: "politician",
      question: "What is George Rankin's occupation?",
      possible_answers: '["politician", "political leader"]',
    },
    {
      id: 153080,
      subj: "John Mayne",
      prop: "occupation",
      obj: "journalist",
      question: "What is John Mayne's occupation?",
      possible_answers: '["journalist", "journo"]',
    },
  ];

  it("says a PopQA-shaped file has no relevance judgements, rather than measuring nothing", async () => {
    const error = await refusalOf(await writeJsonArray(folder, "popqa.json", popQa));
    expect(error.message).toContain("holds 2 questions and no relevance judgements");
    expect(error.message).toContain("PopQA");
  });

  it("names the record that is not valid JSON in an array, and the line in JSON Lines", async () => {
    const released = JSON.stringify([twoWikiRecord]).slice(1, -1);
    const array = join(folder, "dev.json");
    await writeFile(array, `[${released}, {"_id": "broken", "question": }]`);
    expect((await refusalOf(array)).message).toContain("record 2 is not valid JSON");
    const lines = join(folder, "dev.jsonl");
    await writeFile(lines, `${JSON.stringify(twoWikiRecord)}\n{"_id": "broken"\n`);
    expect((await refusalOf(lines)).message).toContain("line 2 is not valid JSON");
  });

  it("says an array that never closes ends inside its last record", async () => {
    const path = join(folder, "cut.json");
    await writeFile(path, `[${JSON.stringify(twoWikiRecord)}, {"_id": "cut", "context": [["A", ["`);
    expect((await refusalOf(path)).message).toContain("ends inside element 2");
  });

  it("names a record in no known shape", async () => {
    const path = await writeJsonArray(folder, "odd.json", [twoWikiRecord, { title: "no question here" }]);
    expect((await refusalOf(path)).message).toMatch(/record 2 is in no known question shape/);
  });

  it("refuses a file mixing world questions with multi-hop ones", async () => {
    const world = { id: "w1", question: "Where?", supportingDocuments: ["place-001"] };
    const path = await writeJsonLines(folder, "mixed.jsonl", [twoWikiRecord, world]);
    expect((await refusalOf(path)).message).toContain("line 2 is a world question");
  });
});
