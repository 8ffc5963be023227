import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { projectRoot } from "../../src/util/project-root.ts";

/** 300 HotpotQA dev questions in Hugging Face datasets' shape, kept beside the repository (../shared/data), not in it. */
export const hotpotDevSample = join(projectRoot, "..", "shared", "data", "hotpotqa", "dev-300.jsonl");

const datasetsRecord = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.string(),
  type: z.string(),
  level: z.string(),
  supporting_facts: z.object({ title: z.array(z.string()), sent_id: z.array(z.number()) }),
  context: z.object({ title: z.array(z.string()), sentences: z.array(z.array(z.string())) }),
});

/** The first `count` records of the HotpotQA sample, as Hugging Face datasets publishes them. */
export async function hotpotDatasetsRecords(count: number): Promise<z.infer<typeof datasetsRecord>[]> {
  const lines = (await readFile(hotpotDevSample, "utf8")).split("\n").filter((line) => line.trim() !== "");
  return lines.slice(0, count).map((line) => datasetsRecord.parse(JSON.parse(line)));
}

/**
 * The same records in HotpotQA's original release shape (hotpot_dev_distractor_v1.json): `_id`, `context` as
 * `[[title, [sentence, ...]], ...]`, `supporting_facts` as `[[title, sentence id], ...]`.
 */
export async function hotpotReleasedRecords(count: number): Promise<Record<string, unknown>[]> {
  return (await hotpotDatasetsRecords(count)).map((record) => ({
    _id: record.id,
    answer: record.answer,
    question: record.question,
    supporting_facts: record.supporting_facts.title.map((title, index) => [
      title,
      record.supporting_facts.sent_id[index],
    ]),
    context: record.context.title.map((title, index) => [title, record.context.sentences[index] ?? []]),
    type: record.type,
    level: record.level,
  }));
}

/** One 2WikiMultihopQA dev record, as released (sentences without leading spaces, `evidences` triples). */
export const twoWikiRecord = {
  _id: "8813f87c0bdd11eba7f7acde48001122",
  type: "compositional",
  question: "Who is the mother of the director of film Polish-Russian War (Film)?",
  context: [
    [
      "Xawery Żuławski",
      [
        "Xawery Żuławski (born 22 December 1971 in Warsaw) is a Polish film director.",
        "He is the son of actress Małgorzata Braunek and director Andrzej Żuławski.",
      ],
    ],
    [
      "Polish-Russian War (film)",
      ["Polish-Russian War (Wojna polsko-ruska) is a 2009 Polish film directed by Xawery Żuławski."],
    ],
    ["Viktor Vasnetsov", ["Viktor Mikhaylovich Vasnetsov was a Russian artist."]],
  ],
  supporting_facts: [
    ["Polish-Russian War (film)", 0],
    ["Xawery Żuławski", 1],
  ],
  evidences: [
    ["Polish-Russian War", "director", "Xawery Żuławski"],
    ["Xawery Żuławski", "mother", "Małgorzata Braunek"],
  ],
  answer: "Małgorzata Braunek",
};

/** Two MuSiQue paragraphs with one title and different texts: one supports the first question, one supports none. */
export const easton = "Columbia Records was founded by Edward Easton in 1889 in Washington.";
export const colombian = "Columbia Records is also the name of a Colombian label of cumbia, active in Bogota.";

/**
 * A small MuSiQue sample in its published shape: the Easton paragraph is listed by both answerable questions (one
 * document), the Colombian one shares its title (another document), and the third question supports nothing.
 */
export const musiqueRecords = [
  {
    id: "2hop__1_2",
    question: "Who founded the record label that released Kind of Blue?",
    answer: "Edward Easton",
    answerable: true,
    paragraphs: [
      { idx: 0, title: "Blue Note", paragraph_text: "Blue Note is a jazz label of New York.", is_supporting: false },
      {
        idx: 1,
        title: "Kind of Blue",
        paragraph_text: "Kind of Blue is a studio album by Miles Davis, released by Columbia Records in 1959.",
        is_supporting: true,
      },
      { idx: 2, title: "Columbia Records", paragraph_text: colombian, is_supporting: false },
      { idx: 3, title: "Columbia Records", paragraph_text: easton, is_supporting: true },
    ],
  },
  {
    id: "2hop__3_4",
    question: "Where was the man who founded Columbia Records born?",
    answer: "Hollis, New Hampshire",
    answerable: true,
    paragraphs: [
      { idx: 0, title: "Columbia Records", paragraph_text: easton, is_supporting: true },
      {
        idx: 1,
        title: "Edward Easton",
        paragraph_text: "Edward Easton was born in Hollis, New Hampshire, and worked as a stenographer.",
        is_supporting: true,
      },
    ],
  },
  {
    id: "2hop__5_6",
    question: "Which label did the Bogota cumbia band sign with?",
    answer: "",
    answerable: false,
    paragraphs: [{ idx: 0, title: "Columbia Records", paragraph_text: colombian, is_supporting: false }],
  },
];

/** Writes records as one JSON array, as HotpotQA and 2WikiMultihopQA publish them. */
export async function writeJsonArray(folder: string, name: string, records: readonly unknown[]): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, JSON.stringify(records));
  return path;
}

/** Writes records one a line, as MuSiQue publishes them. */
export async function writeJsonLines(folder: string, name: string, records: readonly unknown[]): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, records.map((record) => `${JSON.stringify(record)}\n`).join(""));
  return path;
}
