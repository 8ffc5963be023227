import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FullTextRetriever } from "../../retrievers/full-text-retriever.ts";
import { type ChunkRow, chunkId } from "../../src/store/chunk-row.ts";
import type { ChunkTable } from "../../src/store/chunk-table.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

function rowOf(documentId: string, title: string, text: string): ChunkRow {
  return {
    id: chunkId(documentId, 0),
    document_id: documentId,
    chunk_index: 0,
    title,
    text,
    search_text: `${title}\n${text}`,
    uri: `${documentId}.txt`,
    start: 0,
    end: text.length,
    metadata: "{}",
    vector: [0, 1],
  };
}

describe("FullTextRetriever on the index an index run builds", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let table: ChunkTable;
  beforeEach(async () => {
    workspace = await temporaryWorkspace();
    table = await workspace.store.table("plays-1", 2);
    await table.append([
      rowOf("hamlet", "Hamlet", "To be, or not to be, that is the question."),
      rowOf("telegraph", "Telegraph", "The operators connected every town by wire."),
      rowOf("harbour", "Harbour", "Storms close the harbour for ten days a year."),
    ]);
    await table.finish();
  });
  afterEach(async () => {
    await workspace.dispose();
  });

  const documentsFound = async (query: string): Promise<string[]> =>
    (await new FullTextRetriever(table).retrieve({ query, k: 3 })).map((passage) => passage.documentId);

  it("leaves stop words out: a query of nothing else finds nothing, and sharing only 'the' finds no text", async () => {
    expect(await documentsFound("to be or not to be")).toEqual([]);
    expect(new Set(await documentsFound("the question of the harbour"))).toEqual(new Set(["hamlet", "harbour"]));
  });

  it("matches words by their English stem: 'connections' finds 'connected'", async () => {
    expect(await documentsFound("connections")).toEqual(["telegraph"]);
  });

  it("ignores case and punctuation: 'HARBOUR?!' finds 'harbour'", async () => {
    expect(await documentsFound("HARBOUR?!")).toEqual(["harbour"]);
  });
});
