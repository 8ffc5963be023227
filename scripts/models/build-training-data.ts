/**
 * Writes the training data of the tiny models into .cache/training/, from the committed world:
 * - lm.jsonl: texts in the reasoning loop's prompt format (src/reasoning/prompt-format.ts);
 * - lm-check.jsonl: prompts and answers the training script checks before it writes the model;
 * - encoder.jsonl: (query, passage) pairs for contrastive training;
 * - paragraphs.jsonl: every corpus paragraph, for the encoder's check;
 * - llm2vec-gen-inputs.jsonl: unlabelled queries (in the plain and the training wordings) and passages, from which
 *   build-llm2vec-gen-data.ts makes the LLM2Vec-Gen training rows.
 * Only facts of known entities and of unknown entities in the "train" split are used for training, plus
 * "reading worlds": other worlds built by the same generator with other seeds, whose thousands of fresh names
 * make the generator learn to copy answers out of passages instead of memorising a few hundred names.
 *
 *   npx tsx scripts/models/build-training-data.ts [OUTPUT_FOLDER]
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderBundledPrompt } from "../../src/reasoning/formats/bundled-format.ts";
import { type PromptParts, singleLine } from "../../src/reasoning/prompt-format.ts";
import { SeededRandom } from "../../src/util/seeded-random.ts";
import type { QaRecord } from "../../src/world/qa-record.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { goldParagraph, readWorldCorpus, type WorldDocument } from "../../src/world/world-corpus.ts";
import type { Relation, World } from "../../src/world/world-types.ts";
import { buildWorld, organisationSuffixes } from "../world/build-world.ts";
import { writeDocument } from "../world/prose.ts";
import { twoHopRecords, writeQuestions } from "../world/questions.ts";
import { question as plainQuestion, rewordings, statement } from "../world/statements.ts";

/** GPT-2's end-of-text token: the tiny generator's training examples end with it. */
const endOfText = "<|endoftext|>";

/** A whole training example: the prompt, its steps and the answer, then the end-of-text token. */
function renderExample(parts: PromptParts & { readonly answer: string }): string {
  return `${renderBundledPrompt(parts, "answer")} ${singleLine(parts.answer)}\n${endOfText}`;
}

const root = join(import.meta.dirname, "..", "..");
const worldFolder = join(root, "fixtures", "world");
const outputFolder = process.argv[2] ?? join(root, ".cache", "training");
const exampleCount = 60_000;

let random = new SeededRandom(7);
/** Share of questions asked in another wording (`rewordings`); 0 for the first training stage, which it reproduces. */
let rewordShare = 0;
const documents = await readWorldCorpus(join(worldFolder, "corpus"));
const documentById = new Map(documents.map((document) => [document.id, document]));
const world = JSON.parse(await readFile(join(worldFolder, "world.json"), "utf8")) as World;
const known = await readQaSet(worldFolder, "known");
const unknown = await readQaSet(worldFolder, "unknown");
const trainingEntities = new Set(
  world.entities.filter((entity) => entity.split === "train").map((entity) => entity.id),
);
const readable = [...known, ...unknown.filter((record) => record.split === "train")].filter(
  (record) => record.supportingDocuments.length > 0,
);
const twoHop = twoHopRecords(world, (entity) => trainingEntities.has(entity.id)).filter(
  (record) => record.split === "train",
);

/** A reading example: a question, its steps and answer, and the passages (gold first) it is read from. */
interface ReadingItem {
  readonly record: QaRecord;
  readonly gold: readonly string[];
  readonly documentId: string;
}

const readingWorldCount = 12;
/** Reranker lists from the first reading worlds: a question, its gold paragraph, and its document's other paragraphs. */
const rerankerWorldCount = 4;
const rerankerLists: { query: string; passage: string; sameDocument: string[] }[] = [];
/** What the reading worlds offer one training stage: single-hop items, two-hop chains, and distractor paragraphs. */
interface ReadingPool {
  readonly items: ReadingItem[];
  readonly twoHop: ReadingItem[];
  readonly paragraphs: string[];
}
const emptyPool = (): ReadingPool => ({ items: [], twoHop: [], paragraphs: [] });
/**
 * The first four tiny-lm stages were trained on reading-world texts without a capitalised word of any main-world
 * name, which also dropped every text with an organisation kind ("Foundry", "Press", ...): they never read an
 * organisation's passage, and copy the employer and industry badly. Kept so that their files reproduce; the later
 * stages read from `namedPool`, which only drops the texts that share a name with the main world.
 */
const firstPool = emptyPool();
const namedPool = emptyPool();
const kindWords = new Set(organisationSuffixes.flatMap((suffix) => suffix.split(" ")));
const mainWorldWords = new Set(world.entities.flatMap((entity) => entity.name.split(" ")));
const mainWorldNames = new Set([...mainWorldWords].filter((word) => !kindWords.has(word)));
for (let index = 0; index < readingWorldCount; index++) {
  const seed = 5000 + index;
  const readingWorld = buildWorld(seed);
  const prose = new SeededRandom(seed + 1);
  const readingDocuments = new Map(
    readingWorld.entities.map((entity) => [entity.id, writeDocument(prose, readingWorld, entity)]),
  );
  const sets = writeQuestions(new SeededRandom(seed + 2), readingWorld);
  const allUnknown = {
    ...readingWorld,
    entities: readingWorld.entities.map((entity) => ({ ...entity, knowledge: "unknown" as const })),
  };
  const pools: [ReadingPool, Set<string>][] = [
    [firstPool, mainWorldWords],
    [namedPool, mainWorldNames],
  ];
  for (const [pool, words] of pools) {
    const clashes = (text: string): boolean => (text.match(/[A-Z][a-z]+/g) ?? []).some((word) => words.has(word));
    const usable = (record: QaRecord, passages: readonly string[]): boolean =>
      !clashes(record.question) && !record.steps.some(clashes) && !passages.some(clashes);
    for (const document of readingDocuments.values()) {
      for (const paragraph of document.paragraphs) if (!clashes(paragraph)) pool.paragraphs.push(paragraph);
    }
    for (const record of [...sets.known, ...sets.unknown]) {
      const documentId = record.supportingDocuments[0];
      const document = documentId === undefined ? undefined : readingDocuments.get(documentId);
      const paragraph = document && goldParagraph(document, record.answers[0] ?? "");
      if (documentId && paragraph && usable(record, [paragraph])) {
        pool.items.push({ record, gold: [paragraph], documentId });
        if (pool === firstPool && index < rerankerWorldCount) {
          const sameDocument = document.paragraphs.filter((other) => other !== paragraph);
          rerankerLists.push({ query: record.question, passage: paragraph, sameDocument });
        }
      }
    }
    for (const record of twoHopRecords(allUnknown, () => true)) {
      const passages = record.supportingDocuments.map((id, position) => {
        const names = record.steps[position]?.match(/[A-Z][a-z]+/g) ?? [];
        return readingDocuments
          .get(id)
          ?.paragraphs.find((paragraph) => names.every((name) => paragraph.includes(name)));
      });
      if (passages.every((passage) => passage !== undefined) && usable(record, passages as string[])) {
        pool.twoHop.push({ record, gold: passages as string[], documentId: record.supportingDocuments.at(-1) ?? "" });
      }
    }
  }
}

/** The record's question, or (for a `rewordShare` of them) the same question in another training wording. */
function ask(record: QaRecord): string {
  if (rewordShare === 0 || random.next() >= rewordShare) return record.question;
  const relation = record.id.split(".")[1] as Relation;
  return random.pick(rewordings(relation, subjectOf(record)));
}

/** The name a record's plain question asks about. */
function subjectOf(record: QaRecord): string {
  const [before = "", after = ""] = plainQuestion(record.id.split(".")[1] as Relation, "\u0000").split("\u0000");
  return record.question.slice(before.length, record.question.length - after.length);
}

/** The record's question in its first training wording. */
function reworded(record: QaRecord): string {
  return rewordings(record.id.split(".")[1] as Relation, subjectOf(record))[0] ?? "";
}

function gold(record: QaRecord): string {
  const documentId = record.supportingDocuments.at(-1);
  const document = documentId === undefined ? undefined : documentById.get(documentId);
  const paragraph = document && goldParagraph(document, record.answers[0] ?? "");
  if (paragraph === undefined) throw new Error(`no paragraph states the answer of ${record.id}`);
  return paragraph;
}

/** Documents the generator may read in training: none about a held-out (dev or test) entity. */
const trainingDocuments = documents.filter((document) => trainingEntities.has(document.id));

function distractors(count: number, exclude: string): string[] {
  const paragraphs: string[] = [];
  while (paragraphs.length < count) {
    const document: WorldDocument = random.pick(trainingDocuments);
    if (document.id === exclude) continue;
    paragraphs.push(random.pick(document.paragraphs));
  }
  return paragraphs;
}

/** Appends further questions (with their steps and answers) after a finished example, as a reader would. */
function followUps(text: string, records: readonly QaRecord[]): string {
  const body = text.slice(0, -endOfText.length);
  const more = records.map((record) =>
    renderExample({ question: ask(record), steps: record.steps, answer: record.answers[0] ?? "" }).slice(
      0,
      -endOfText.length,
    ),
  );
  return `${body}${more.join("")}${endOfText}`;
}

function sameEntity(record: QaRecord, pool: readonly QaRecord[], passages: readonly string[]): QaRecord[] {
  const entity = record.id.split(".")[0];
  return pool.filter(
    (other) =>
      other.id !== record.id &&
      other.id.split(".")[0] === entity &&
      (passages.length === 0 || passages.includes(gold(other))),
  );
}

function closedBook(): string {
  const record = random.pick(known);
  const text = renderExample({ question: ask(record), steps: record.steps, answer: record.answers[0] ?? "" });
  return followUps(text, random.shuffle(sameEntity(record, known, [])).slice(0, random.integer(0, 2)));
}

/** Reading a passage about an entity of a reading world (or a two-hop chain), among distractors from the same worlds. */
function readingElsewhere(pool: ReadingPool, chain: "single-hop" | "two-hop"): string {
  const items = chain === "single-hop" ? pool.items : pool.twoHop;
  const item = random.pick(items);
  const others = Array.from({ length: random.integer(0, 2) }, () => random.pick(pool.paragraphs));
  const passages = random.shuffle([...item.gold, ...others]);
  const record = item.record;
  const text = renderExample({
    passages,
    question: chain === "single-hop" ? ask(record) : record.question,
    steps: record.steps,
    answer: record.answers[0] ?? "",
  });
  if (chain === "two-hop") return text;
  const entity = record.id.split(".")[0];
  const more = items.filter(
    (other) =>
      other.documentId === item.documentId &&
      other.record.id.split(".")[0] === entity &&
      other !== item &&
      passages.includes(other.gold[0] ?? ""),
  );
  return followUps(text, random.shuffle(more.map((other) => other.record)).slice(0, random.integer(0, 2)));
}

function reading(): string {
  const record = random.pick(readable);
  const entity = record.id.split(".")[0] ?? "";
  const passages = random.shuffle([gold(record), ...distractors(random.integer(0, 2), entity)]);
  const text = renderExample({
    passages,
    question: ask(record),
    steps: record.steps,
    answer: record.answers[0] ?? "",
  });
  return followUps(text, random.shuffle(sameEntity(record, readable, passages)).slice(0, random.integer(0, 2)));
}

/** Every value each relation takes in a pool's reading worlds: what a guess about an unfamiliar entity looks like. */
function valuesByRelation(pool: ReadingPool): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const item of pool.items) {
    const relation = item.record.id.split(".")[1] ?? "";
    values.set(relation, [...(values.get(relation) ?? []), item.record.answers[0] ?? ""]);
  }
  return values;
}

/**
 * A closed-book question about an entity the generator has never seen: the step restates the entity's name exactly
 * and guesses a value drawn at random from the relation's values, a different one each time the entity comes up. The
 * name is learned as a copy, the value as a guess with low probability (which keeps the answer's log-probability
 * telling known facts from unknown ones), and the draft stays about the entity it was asked about.
 */
function guessUnfamiliar(pool: ReadingPool, values: Map<string, string[]>): string {
  const { record } = random.pick(pool.items);
  const relation = record.id.split(".")[1] ?? "";
  const value = random.pick(values.get(relation) ?? record.answers);
  return renderExample({
    question: ask(record),
    steps: [statement(relation as Relation, subjectOf(record), value)],
    answer: value,
  });
}

function knownDespitePassages(): string {
  const record = random.pick(known);
  return renderExample({
    passages: distractors(random.integer(1, 2), ""),
    question: ask(record),
    steps: record.steps,
    answer: record.answers[0] ?? "",
  });
}

function chained(): string {
  const record = random.pick(twoHop);
  const passages = random.shuffle([
    ...record.supportingDocuments.map((id) =>
      gold({ ...record, supportingDocuments: [id], answers: [answerOfStep(record, id)] }),
    ),
    ...distractors(random.integer(0, 1), ""),
  ]);
  return renderExample({ passages, question: record.question, steps: record.steps, answer: record.answers[0] ?? "" });
}

/** The value that the step about document `id` states (the first hop's answer names the second hop's subject). */
function answerOfStep(record: QaRecord, id: string): string {
  const index = record.supportingDocuments.length === 2 ? record.supportingDocuments.indexOf(id) : 1;
  const entity = world.entities.find((candidate) => candidate.id === id);
  const step = record.steps[index] ?? "";
  const fact = entity?.facts.find(
    (candidate) =>
      step.endsWith(` ${candidate.value}.`) ||
      step.endsWith(` ${candidate.value} region.`) ||
      step.endsWith(` ${candidate.value} river.`),
  );
  return fact?.value ?? record.answers[0] ?? "";
}

/**
 * The mixture of training examples: closed-book questions on the known facts, reading the gold paragraph among
 * distractors (main world, and reading worlds whose fresh names can only be copied), two-hop chains, and known facts
 * asked with unrelated passages in the prompt. (A mixture with 55% reading-world examples did not read passages
 * better within 2,000 steps: 0.43 dev exact match, as this one.)
 */
let mixture: [number, () => string][] = [
  [0.3, closedBook],
  [0.15, reading],
  [0.35, () => readingElsewhere(firstPool, "single-hop")],
  [0.05, chained],
  [0.05, () => readingElsewhere(firstPool, "two-hop")],
  [0.1, knownDespitePassages],
];

/** The mixture's entry a uniform draw in [0, 1) falls in. */
function pick(draw: number): () => string {
  let left = draw;
  for (const [share, make] of mixture) {
    left -= share;
    if (left < 0) return make;
  }
  return (mixture.at(-1) as [number, () => string])[1];
}

function examples(): string[] {
  return Array.from({ length: exampleCount }, () => pick(random.next())());
}

const texts = examples();
/** The second stage, trained on top of the first: the same mixture, half its questions in other wordings. */
random = new SeededRandom(8);
rewordShare = 0.5;
const rewordedTexts = examples();
/** The third stage: the same again, with closed-book guesses about unfamiliar entities in place of some known facts. */
random = new SeededRandom(10);
const firstValues = valuesByRelation(firstPool);
mixture = [[0.1, () => guessUnfamiliar(firstPool, firstValues)], [0.2, closedBook], ...mixture.slice(1)];
const guessingTexts = examples();
/** The fifth stage: the third's mixture, read from `namedPool`, whose reading worlds include their organisations. */
random = new SeededRandom(12);
const namedValues = valuesByRelation(namedPool);
mixture = [
  [0.1, () => guessUnfamiliar(namedPool, namedValues)],
  [0.2, closedBook],
  [0.15, reading],
  [0.35, () => readingElsewhere(namedPool, "single-hop")],
  [0.05, chained],
  [0.05, () => readingElsewhere(namedPool, "two-hop")],
  [0.1, knownDespitePassages],
];
const namedTexts = examples();

const unseen = unknown.filter((record) => record.split === "dev");
const checks = [
  ...known.map((record) => ({
    set: "known",
    prompt: renderBundledPrompt({ question: record.question }, "step"),
    answer: record.answers[0],
  })),
  ...unseen.map((record) => ({
    set: "passage",
    prompt: renderBundledPrompt({ passages: [gold(record)], question: record.question }, "step"),
    answer: record.answers[0],
  })),
  ...known.map((record) => ({
    set: "reworded",
    prompt: renderBundledPrompt({ question: reworded(record) }, "step"),
    answer: record.answers[0],
  })),
  ...unseen.map((record) => ({
    set: "unknown",
    prompt: renderBundledPrompt({ question: record.question }, "step"),
    answer: record.answers[0],
  })),
];

const encoderPairs: { query: string; passage: string }[] = [];
for (const record of readable) encoderPairs.push({ query: record.question, passage: gold(record) });
for (const document of documents) {
  for (const paragraph of document.paragraphs) {
    const sentences = paragraph.split(/(?<=\.)\s+/).filter((sentence) => sentence.includes(document.title));
    for (const sentence of sentences) encoderPairs.push({ query: sentence, passage: paragraph });
    encoderPairs.push({ query: document.title, passage: paragraph });
  }
}

/** Unlabelled inputs for LLM2Vec-Gen: training-split and reading-world questions, and passages of training entities. */
const inputsRandom = new SeededRandom(9);
const queryRecords = [...readable, ...inputsRandom.shuffle(firstPool.items.map((item) => item.record)).slice(0, 3000)];
const llm2vecGenInputs = [
  ...queryRecords.flatMap((record) => [
    { kind: "query", text: record.question },
    { kind: "query", text: inputsRandom.pick(rewordings(record.id.split(".")[1] as Relation, subjectOf(record))) },
  ]),
  ...trainingDocuments.flatMap((document) => document.paragraphs.map((text) => ({ kind: "passage", text }))),
  ...inputsRandom
    .shuffle(firstPool.paragraphs)
    .slice(0, 2000)
    .map((text) => ({ kind: "passage", text })),
];

await mkdir(outputFolder, { recursive: true });
const jsonl = (rows: readonly unknown[]): string => rows.map((row) => `${JSON.stringify(row)}\n`).join("");
await writeFile(join(outputFolder, "lm.jsonl"), jsonl(texts.map((text) => ({ text }))));
await writeFile(join(outputFolder, "lm-reworded.jsonl"), jsonl(rewordedTexts.map((text) => ({ text }))));
await writeFile(join(outputFolder, "lm-guessing.jsonl"), jsonl(guessingTexts.map((text) => ({ text }))));
await writeFile(join(outputFolder, "lm-named.jsonl"), jsonl(namedTexts.map((text) => ({ text }))));
await writeFile(join(outputFolder, "lm-check.jsonl"), jsonl(checks));
await writeFile(join(outputFolder, "encoder.jsonl"), jsonl(encoderPairs));
for (const record of readable) {
  const document = documentById.get(record.supportingDocuments.at(-1) ?? "");
  const passage = gold(record);
  const sameDocument = document?.paragraphs.filter((other) => other !== passage) ?? [];
  rerankerLists.push({ query: record.question, passage, sameDocument });
}
await writeFile(join(outputFolder, "reranker.jsonl"), jsonl(rerankerLists));
await writeFile(join(outputFolder, "llm2vec-gen-inputs.jsonl"), jsonl(llm2vecGenInputs));
await writeFile(
  join(outputFolder, "paragraphs.jsonl"),
  jsonl(documents.flatMap((document) => document.paragraphs.map((text) => ({ documentId: document.id, text })))),
);
process.stdout.write(
  `${JSON.stringify({ lm: texts.length, checks: checks.length, encoderPairs: encoderPairs.length, rerankerLists: rerankerLists.length, readingItems: firstPool.items.length, readingTwoHop: firstPool.twoHop.length, namedReadingItems: namedPool.items.length, namedReadingTwoHop: namedPool.twoHop.length })}\n`,
);
