import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type QaRecord, qaRecordSchema } from "./qa-record.ts";

export type QaSetName = "known" | "unknown" | "absent" | "two-hop" | "paraphrased";

/** Reads one of the world's question sets (fixtures/world/qa/NAME.jsonl), validating every line. */
export async function readQaSet(worldFolder: string, name: QaSetName): Promise<QaRecord[]> {
  const path = join(worldFolder, "qa", `${name}.jsonl`);
  const lines = (await readFile(path, "utf8")).split("\n").filter((line) => line.trim() !== "");
  return lines.map((line, index) => {
    const parsed = qaRecordSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${path}:${index + 1} is not a question record: ${parsed.error.message}`);
    return parsed.data;
  });
}
