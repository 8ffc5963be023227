import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexCorpus } from "../../indexers/index-corpus.ts";
import { openRetriever, readCorpusToSearch } from "../../retrievers/open-retriever.ts";
import type { RetrievalMode } from "../../retrievers/passage.ts";
import { maxBridgeNames } from "../../retrievers/two-hop-retriever.ts";
import type { EmbeddingModel } from "../../src/models/embedding-model.ts";
import { loadTinyEmbeddingModel } from "../support/bundled.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

/**
 * A harbour master's page names the academy she trained at; the question names only her. Two other schools share
 * the question's words ("school", "trained", "founded"), so that one search ranks them above the academy.
 */
const documents = {
  "varnholt.md":
    "# Ilse Varnholt\n\nIlse Varnholt is the harbour master of the northern port. She trained at the Brannock Academy before she took the post.\n",
  "brannock.md":
    "# Brannock Academy\n\nThe Brannock Academy opened its doors in 1822 on a windy island. Its cadets learn to read the tides.\n",
  "orchard.md": "# Orchard School\n\nThe Orchard School was founded in 1901 and trained teachers.\n",
  "marrow.md": "# Marrow School\n\nMarrow School was founded in 1950 and trained nurses.\n",
  "feldt.md":
    "# Oskar Feldt\n\nOskar Feldt sailed with Anna Brisk, Bertil Crane, Carla Dunn, Dag Elm, Eva Frost, Filip Gray and Greta Holm.\n",
};
const question = "When was the school where Ilse Varnholt trained founded?";

describe("two-hop retrieval", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let folder: string;
  let embeddingModel: EmbeddingModel;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "recall-two-hop-"));
    for (const [name, text] of Object.entries(documents)) await writeFile(join(folder, name), text);
    workspace = await temporaryWorkspace();
    embeddingModel = await loadTinyEmbeddingModel();
    await indexCorpus(
      { db: workspace.db, store: workspace.store },
      { corpus: "harbour", paths: [folder], embeddingModel, chunkSize: 200, overlap: 0 },
    );
  });
  afterAll(async () => {
    await workspace.dispose();
    await rm(folder, { recursive: true, force: true });
  });

  const open = async (hops: 1 | 2, mode: RetrievalMode = "full-text") =>
    openRetriever({
      store: workspace.store,
      corpus: await readCorpusToSearch(workspace.db, "harbour"),
      mode,
      embeddingModel,
      hops,
    });
  const documentsOf = (passages: readonly { documentId: string }[]) => passages.map((passage) => passage.documentId);

  it("finds in a second round the document that only the first round's best passage names", async () => {
    const oneRound = await (await open(1)).retrieve({ query: question, k: 2 });
    expect(documentsOf(oneRound)[0]).toBe("varnholt.md");
    expect(documentsOf(oneRound)).not.toContain("brannock.md");

    const twoHops = await open(2);
    const passages = await twoHops.retrieve({ query: question, k: 2 });
    expect(documentsOf(passages)).toEqual(["varnholt.md", "brannock.md"]);
    expect(twoHops.searches).toBe(2);
  });

  it("leaves the first round's passages in the fused list, its best passage first", async () => {
    const oneRound = await (await open(1)).retrieve({ query: question, k: 3 });
    const passages = await (await open(2)).retrieve({ query: question, k: 4 });
    expect(passages[0]?.chunkId).toBe(oneRound[0]?.chunkId);
    expect(passages.map((passage) => passage.chunkId)).toEqual(
      expect.arrayContaining(oneRound.map((passage) => passage.chunkId)),
    );
    expect(new Set(passages.map((passage) => passage.chunkId)).size).toBe(passages.length);
    const scores = passages.map((passage) => passage.score);
    expect([...scores].sort((left, right) => right - left)).toEqual(scores);
  });

  it.each(["dense", "hybrid"] as const)("searches both rounds in %s mode, naming that mode", async (mode) => {
    const twoHops = await open(2, mode);
    const passages = await twoHops.retrieve({ query: question, k: 5 });
    expect(twoHops.searches).toBeGreaterThan(1);
    for (const passage of passages) expect(passage.retriever).toBe(mode);
  });

  it("counts one search for one round, and makes no second round when the best passage names nothing new", async () => {
    const oneRound = await open(1);
    await oneRound.retrieve({ query: question, k: 2 });
    expect(oneRound.searches).toBe(1);
    const twoHops = await open(2);
    const passages = await twoHops.retrieve({ query: "When was Marrow School founded?", k: 2 });
    expect(documentsOf(passages)[0]).toBe("marrow.md");
    expect(twoHops.searches).toBe(1);
  });

  it(`makes at most ${maxBridgeNames} second-round searches, however many names the best passage mentions`, async () => {
    const twoHops = await open(2);
    const passages = await twoHops.retrieve({ query: "Who sailed with Oskar Feldt?", k: 3 });
    expect(documentsOf(passages)[0]).toBe("feldt.md");
    expect(twoHops.searches).toBe(1 + maxBridgeNames);
  });

  it("returns nothing, with no second round, when the first round finds nothing", async () => {
    const twoHops = await open(2);
    expect(await twoHops.retrieve({ query: "zzzz qqqq", k: 3 })).toEqual([]);
    expect(twoHops.searches).toBe(1);
  });
});
