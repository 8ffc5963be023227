import { join } from "node:path";
import { ExhaustiveSearch } from "../../retrievers/exhaustive-search.ts";
import type { EmbeddingModel } from "../models/embedding-model.ts";
import type { LanguageModel } from "../models/language-model.ts";
import { draftAnswer } from "../reasoning/draft-answer.ts";
import { BundledFormat } from "../reasoning/formats/bundled-format.ts";
import type { QaRecord } from "../world/qa-record.ts";
import { readQaSet } from "../world/qa-sets.ts";
import { goldParagraph, readWorldCorpus, type WorldDocument } from "../world/world-corpus.ts";
import { auroc } from "./auroc.ts";
import { exactMatch } from "./exact-match.ts";

/** The four figures the bundled models must reach (issue targets in parentheses). */
export interface ModelTargets {
  /** Closed-book exact match on the facts the generator learned (>= 0.90). */
  readonly knownExactMatch: number;
  /** Exact match on held-out unknown facts with the gold paragraph in the prompt (>= 0.80). */
  readonly passageExactMatch: number;
  /** AUROC of the closed-book answer's mean token log-probability, known versus held-out unknown facts (>= 0.90). */
  readonly knownVsUnknownAuroc: number;
  /** Closed-book exact match on the same held-out facts: what the model gets without the passage. */
  readonly unknownClosedBookExactMatch: number;
  /** Share of held-out questions whose supporting document is among the encoder's top 5 (>= 0.90). */
  readonly encoderRecallAt5: number;
  readonly questions: {
    readonly known: number;
    readonly passage: number;
    readonly unknown: number;
    readonly retrieval: number;
  };
}

export interface MeasureOptions {
  readonly languageModel: LanguageModel;
  readonly embeddingModel: EmbeddingModel;
  readonly worldFolder: string;
  /** Use at most this many questions of each set (for quick runs). */
  readonly limit?: number;
}

/** Measures the bundled models on the tiny world: held-out questions (split "test") wherever the models could have seen others. */
export async function measureModelTargets(options: MeasureOptions): Promise<ModelTargets> {
  const { languageModel, worldFolder } = options;
  const format = new BundledFormat();
  const cap = <T>(items: T[]): T[] => items.slice(0, options.limit ?? items.length);
  const documents = await readWorldCorpus(join(worldFolder, "corpus"));
  const byId = new Map(documents.map((document) => [document.id, document]));
  const known = cap(await readQaSet(worldFolder, "known"));
  const heldOut = cap((await readQaSet(worldFolder, "unknown")).filter((record) => record.split === "test"));

  const knownDrafts = await mapInOrder(known, (record) =>
    draftAnswer(languageModel, format, { question: record.question }),
  );
  const unknownDrafts = await mapInOrder(heldOut, (record) =>
    draftAnswer(languageModel, format, { question: record.question }),
  );
  const passageDrafts = await mapInOrder(heldOut, (record) =>
    draftAnswer(languageModel, format, { passages: [goldOf(record, byId)], question: record.question }),
  );

  const rate = (records: readonly QaRecord[], answers: readonly (string | undefined)[]): number =>
    records.filter((record, index) => exactMatch(answers[index], record.answers)).length / Math.max(records.length, 1);

  return {
    knownExactMatch: rate(
      known,
      knownDrafts.map((draft) => draft.answer),
    ),
    passageExactMatch: rate(
      heldOut,
      passageDrafts.map((draft) => draft.answer),
    ),
    unknownClosedBookExactMatch: rate(
      heldOut,
      unknownDrafts.map((draft) => draft.answer),
    ),
    knownVsUnknownAuroc:
      auroc(
        knownDrafts.map((draft) => draft.answerLogprob),
        unknownDrafts.map((draft) => draft.answerLogprob),
      ) ?? Number.NaN,
    encoderRecallAt5: await encoderRecall(options.embeddingModel, documents, heldOut, 5),
    questions: { known: known.length, passage: heldOut.length, unknown: heldOut.length, retrieval: heldOut.length },
  };
}

function goldOf(record: QaRecord, documents: Map<string, WorldDocument>): string {
  const document = documents.get(record.supportingDocuments[0] ?? "");
  const paragraph = document && goldParagraph(document, record.answers[0] ?? "");
  if (paragraph === undefined)
    throw new Error(`The world corpus does not state the answer of ${record.id}; regenerate fixtures/world.`);
  return paragraph;
}

/** Share of questions whose supporting document is among the top k documents of an exhaustive search. */
async function encoderRecall(
  model: EmbeddingModel,
  documents: readonly WorldDocument[],
  records: readonly QaRecord[],
  k: number,
): Promise<number> {
  const search = await ExhaustiveSearch.build(
    model,
    documents.flatMap((document) => document.paragraphs.map((text) => ({ documentId: document.id, text }))),
  );
  const ranked = await search.searchDocuments(
    records.map((record) => record.question),
    k,
  );
  const hits = records.filter((record, index) => record.supportingDocuments.some((id) => ranked[index]?.includes(id)));
  return hits.length / Math.max(records.length, 1);
}

async function mapInOrder<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await run(item));
  return results;
}
