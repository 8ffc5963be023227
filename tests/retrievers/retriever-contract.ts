import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Passage } from "../../retrievers/passage.ts";
import type { Retriever } from "../../retrievers/retriever.ts";

/** A question about the corpus and the document that answers it. */
export interface ContractQuestion {
  readonly question: string;
  readonly documentId: string;
  /** A sentence of that document, as a draft answer would state it (for the generative query). */
  readonly statement: string;
}

export interface RetrieverContractSubject {
  readonly retriever: () => Retriever;
  readonly expectedMode: Passage["retriever"];
  readonly reranked: boolean;
  /** Whether `embedText` replaces the query (dense and hybrid). */
  readonly embedsText: boolean;
  readonly questions: () => readonly ContractQuestion[];
  /** Share of questions whose document must be among the top 5. */
  readonly minimumRecallAt5: number;
  /** The folder that was indexed: passages' uris are relative to it. */
  readonly sourceFolder: string;
}

/** What every retrieval mode promises, run against each one. */
export function describeRetrieverContract(name: string, subject: RetrieverContractSubject): void {
  describe(`Retriever contract: ${name}`, () => {
    const first = (): ContractQuestion => {
      const question = subject.questions()[0];
      if (!question) throw new Error("the contract needs at least one question");
      return question;
    };

    it("returns at most k distinct passages, best first, each naming its mode", async () => {
      const passages = await subject.retriever().retrieve({ query: first().question, k: 4 });
      expect(passages.length).toBeGreaterThan(0);
      expect(passages.length).toBeLessThanOrEqual(4);
      expect(new Set(passages.map((passage) => passage.chunkId)).size).toBe(passages.length);
      const scores = passages.map((passage) => passage.score);
      expect([...scores].sort((left, right) => right - left)).toEqual(scores);
      for (const passage of passages) {
        expect(passage.retriever).toBe(subject.expectedMode);
        expect(passage.reranked).toBe(subject.reranked);
        if (subject.reranked) expect(passage.score).toBeGreaterThanOrEqual(0);
        if (subject.reranked) expect(passage.score).toBeLessThanOrEqual(1);
      }
    });

    it("gives each passage its provenance: the chunk is its document's text between the offsets", async () => {
      const passages = await subject.retriever().retrieve({ query: first().question, k: 3 });
      for (const passage of passages) {
        expect(passage.chunkId.startsWith(`${passage.documentId}#`)).toBe(true);
        expect(passage.title.length).toBeGreaterThan(0);
        expect(isAbsolute(passage.uri)).toBe(false);
        const source = await readFile(join(subject.sourceFolder, passage.uri), "utf8");
        expect(source.slice(passage.start, passage.end)).toBe(passage.text);
      }
    });

    it("finds the document that answers the question", async () => {
      const questions = subject.questions();
      let found = 0;
      for (const question of questions) {
        const passages = await subject.retriever().retrieve({ query: question.question, k: 5 });
        if (passages.some((passage) => passage.documentId === question.documentId)) found++;
      }
      expect(found / questions.length).toBeGreaterThanOrEqual(subject.minimumRecallAt5);
    });

    it("keeps only the documents a filter allows, whatever their ids contain", async () => {
      const wanted = first().documentId;
      const passages = await subject.retriever().retrieve({
        query: first().question,
        k: 5,
        filter: { documentIds: [wanted, "x' OR '1'='1"] },
      });
      expect(passages.length).toBeGreaterThan(0);
      expect(new Set(passages.map((passage) => passage.documentId))).toEqual(new Set([wanted]));
    });

    it("returns nothing, without failing, for a filter no document passes", async () => {
      const passages = await subject.retriever().retrieve({
        query: first().question,
        k: 5,
        filter: { titles: ["No Such Title'); DROP TABLE chunks; --"] },
      });
      expect(passages).toEqual([]);
    });

    if (subject.embedsText && !subject.reranked)
      it("embeds the generative query in place of the question's words", async () => {
        const question = first();
        const passages = await subject.retriever().retrieve({
          query: "zzzz qqqq",
          embedText: question.statement,
          k: 3,
        });
        expect(passages.map((passage) => passage.documentId)).toContain(question.documentId);
      });
  });
}
