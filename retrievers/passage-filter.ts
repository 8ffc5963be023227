import { z } from "zod";
import { sqlString } from "../src/store/sql-literal.ts";
import type { Passage } from "./passage.ts";

/**
 * Metadata conditions: name → value. A "__proto__" name is refused, not dropped: zod (like any assignment to a plain
 * object) would drop it silently, and the filter would then let through passages it should not.
 */
const metadataConditionsSchema = z
  .unknown()
  .refine((value) => typeof value !== "object" || value === null || !Object.hasOwn(value, "__proto__"), {
    message: 'has the name "__proto__", which no metadata can have',
  })
  .pipe(z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()])));

/**
 * Which passages a search may return. Column conditions become a LanceDB filter built from quoted literals (no
 * caller text is ever pasted into the expression); metadata conditions are checked on the returned rows.
 */
export const passageFilterSchema = z
  .object({
    documentIds: z.array(z.string().min(1)).min(1).max(1000).optional(),
    uriPrefix: z.string().min(1).optional(),
    titles: z.array(z.string().min(1)).min(1).max(1000).optional(),
    /** Every key must be present in the document's metadata with exactly this value. */
    metadata: metadataConditionsSchema.optional(),
  })
  .strict();

export type PassageFilter = z.infer<typeof passageFilterSchema>;

/** The LanceDB `where` expression for the column conditions, or undefined when there are none. */
export function filterExpression(filter: PassageFilter | undefined): string | undefined {
  if (!filter) return undefined;
  const conditions: string[] = [];
  if (filter.documentIds) conditions.push(`document_id IN (${filter.documentIds.map(sqlString).join(", ")})`);
  if (filter.titles) conditions.push(`title IN (${filter.titles.map(sqlString).join(", ")})`);
  if (filter.uriPrefix) conditions.push(`starts_with(uri, ${sqlString(filter.uriPrefix)})`);
  return conditions.length === 0 ? undefined : conditions.join(" AND ");
}

/** Whether a passage's metadata satisfies the filter's metadata conditions (its own keys only, never inherited ones). */
export function matchesMetadata(passage: Pick<Passage, "metadata">, filter: PassageFilter | undefined): boolean {
  if (!filter?.metadata) return true;
  return Object.entries(filter.metadata).every(
    ([key, value]) => Object.hasOwn(passage.metadata, key) && passage.metadata[key] === value,
  );
}
