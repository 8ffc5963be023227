import type { CorpusCheck } from "../../indexers/check-corpus.ts";
import type { TableCheck } from "../../indexers/table-census.ts";
import type { CorpusCheckOutcome } from "../app/corpus-service.ts";

/** `recall corpora check` for a person: what was found, what a repair would do (or did), and what to run next. */
export function formatCorpusCheck(outcome: CorpusCheckOutcome): string {
  if (!outcome.repaired || !outcome.after) {
    const found = outcome.found;
    const lines = formatCheck(found);
    if (!found.healthy) lines.push(repairWould(found));
    return lines.join("\n");
  }
  const { repaired, after } = outcome;
  const lines = [
    `corpus ${outcome.corpus}: ${outcome.found.healthy ? "nothing to repair" : "repaired"}`,
    `  removed ${plural(repaired.surplusRowsRemoved, "surplus row")}, deleted ${plural(repaired.orphanRowsDeleted, "orphan row")}, ` +
      `marked ${plural(repaired.documentsMarkedPending.count, "document")} pending${examples(repaired.documentsMarkedPending.examples)}`,
    "after the repair:",
    ...formatCheck(after).map((line) => `  ${line}`),
  ];
  return lines.join("\n");
}

function formatCheck(check: CorpusCheck): string[] {
  const problems = check.tables.flatMap((table) => [
    ...(table.duplicates.chunks > 0 ? ["duplicated chunks"] : []),
    ...(table.orphans.rows > 0 ? ["orphan rows"] : []),
    ...(table.missing.documents > 0 ? ["missing chunks"] : []),
  ]);
  const lines = [
    `corpus ${check.corpus}: ${check.healthy ? "healthy" : `problems found (${[...new Set(problems)].join(", ")})`}`,
  ];
  if (check.writer)
    lines.push(
      `note: job ${check.writer.holder} is writing this corpus (since ${check.writer.since}); ` +
        "what it has not finished may show below: check again when it ends",
    );
  for (const table of check.tables) lines.push(...formatTable(table));
  if (check.pendingDocuments.count > 0)
    lines.push(
      `${plural(check.pendingDocuments.count, "document")} pending, not fully written${examples(check.pendingDocuments.examples)}: ` +
        `run \`recall index <its sources> --corpus ${check.corpus}\` to embed them`,
    );
  return lines;
}

function formatTable(table: TableCheck): string[] {
  const title = `table ${table.table} (${table.role})`;
  if (!table.exists) return [`${title}: not created yet, ${plural(table.expectedRows, "row")} expected`];
  const carried =
    table.carriedRows > 0 ? `, and ${plural(table.carriedRows, "row")} of documents in the other table` : "";
  const lines = [
    `${title}: ${plural(table.rows, "row")}, ${table.expectedRows} expected for ${plural(table.indexedDocuments, "indexed document")}${carried}`,
  ];
  const { duplicates, orphans, missing } = table;
  if (duplicates.chunks > 0)
    lines.push(
      `  duplicated chunks  ${plural(duplicates.chunks, "chunk id")} on more than one row, ${plural(duplicates.surplusRows, "surplus row")}${examples(duplicates.examples)}`,
    );
  if (orphans.rows > 0)
    lines.push(
      `  orphan rows        ${plural(orphans.rows - orphans.pastLastChunk, "row")} of ${plural(orphans.unknownDocuments, "document")} the corpus does not have, ` +
        `${plural(orphans.pastLastChunk, "row")} past their document's last chunk${examples(orphans.examples)}`,
    );
  if (missing.documents > 0)
    lines.push(
      `  missing chunks     ${plural(missing.chunks, "chunk")} of ${plural(missing.documents, "indexed document")} have no row${examples(missing.examples)}`,
    );
  return lines;
}

function repairWould(check: CorpusCheck): string {
  const plan = check.repairPlan;
  const steps = [
    ...(plan.surplusRows > 0 ? [`remove ${plural(plan.surplusRows, "surplus row")} (one row kept per chunk id)`] : []),
    ...(plan.orphanRows > 0 ? [`delete ${plural(plan.orphanRows, "orphan row")}`] : []),
    ...(plan.documentsToReembed > 0
      ? [
          `mark ${plural(plan.documentsToReembed, "document")} with missing chunks pending, for \`recall index\` to embed again`,
        ]
      : []),
  ];
  return `\`recall corpora check ${check.corpus} --repair\` would ${steps.join("; ")}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function examples(ids: readonly string[]): string {
  return ids.length > 0 ? ` (e.g. ${ids.slice(0, 3).join(", ")})` : "";
}
