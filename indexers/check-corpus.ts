import { CorpusNotFoundError } from "../src/db/corpus-errors.ts";
import { type CorpusRecord, findCorpus } from "../src/db/corpus-records.ts";
import type { Database } from "../src/db/database.ts";
import { documentPlacements } from "../src/db/document-records.ts";
import { findLiveLease } from "../src/db/lease-records.ts";
import type { ChunkStore, ChunkTable } from "../src/store/chunk-table.ts";
import { exampleLimit, TableCensus, type TableCheck, type TableRole } from "./table-census.ts";

export interface CheckDependencies {
  readonly db: Database;
  readonly store: ChunkStore;
}

/** What a check found in a corpus: each of its tables against the SQL records, and what a repair would do. */
export interface CorpusCheck {
  readonly corpus: string;
  /** No duplicated chunk, no orphan row, no indexed document missing chunks, in any of the corpus's tables. */
  readonly healthy: boolean;
  /**
   * The index run that held the corpus's lease while the check read it, if any: its unfinished work can look like
   * problems, so check again once it ends.
   */
  readonly writer: { readonly holder: string; readonly since: string } | null;
  readonly tables: readonly TableCheck[];
  /** Documents whose chunks are not all written (status pending): the next `recall index` run embeds them. */
  readonly pendingDocuments: { readonly count: number; readonly examples: readonly string[] };
  /** What a repair does: rows it removes, and documents it marks pending for `recall index` to embed again. */
  readonly repairPlan: {
    readonly surplusRows: number;
    readonly orphanRows: number;
    readonly documentsToReembed: number;
  };
}

/** One table of a corpus, counted: its census, and the table itself unless no index run has created it. */
export interface CountedTable {
  readonly census: TableCensus;
  readonly table: ChunkTable | undefined;
}

/**
 * Compares a corpus's SQL records with its LanceDB tables (the active one, and the one a re-embed is filling): rows
 * against expected chunks, chunk ids on several rows, rows of no document or past a document's last chunk, indexed
 * documents missing chunks, and documents not finished. It only reads: `repairCorpus` mends what it finds.
 */
export async function checkCorpus(dependencies: CheckDependencies, corpus: string): Promise<CorpusCheck> {
  const record = await findCorpus(dependencies.db, corpus);
  if (!record) throw new CorpusNotFoundError(corpus);
  const lease = await findLiveLease(dependencies.db, corpus, new Date());
  return corpusCheck(
    record,
    await countTables(dependencies, record),
    lease ? { holder: lease.holder, since: lease.acquiredAt } : null,
  );
}

/** Reads the corpus's documents, then each of its tables, into a census per table. */
export async function countTables(dependencies: CheckDependencies, record: CorpusRecord): Promise<CountedTable[]> {
  const documents = await documentPlacements(dependencies.db, record.name);
  const roles: [string, TableRole][] = [[record.activeTable, "active"]];
  if (record.pendingTable) roles.push([record.pendingTable, "pending"]);
  const counted: CountedTable[] = [];
  for (const [name, role] of roles) {
    const census = new TableCensus(name, role, documents);
    const table = await dependencies.store.existingTable(name);
    if (table) for await (const keys of table.chunkKeys()) census.count(keys);
    counted.push({ census, table });
  }
  return counted;
}

/** The report of counted tables. */
export function corpusCheck(
  record: CorpusRecord,
  tables: readonly CountedTable[],
  writer: CorpusCheck["writer"],
): CorpusCheck {
  const checks = tables.map(({ census, table }) => census.result(table !== undefined));
  const pending = new Set<string>();
  for (const { census } of tables) for (const id of census.pendingDocuments()) pending.add(id);
  const total = (count: (check: TableCheck) => number): number => checks.reduce((sum, check) => sum + count(check), 0);
  const repairPlan = {
    surplusRows: total((check) => check.duplicates.surplusRows),
    orphanRows: total((check) => check.orphans.rows),
    documentsToReembed: total((check) => check.missing.documents),
  };
  return {
    corpus: record.name,
    healthy: repairPlan.surplusRows + repairPlan.orphanRows + repairPlan.documentsToReembed === 0,
    writer,
    tables: checks,
    pendingDocuments: { count: pending.size, examples: [...pending].slice(0, exampleLimit) },
    repairPlan,
  };
}
