import { createHash } from "node:crypto";
import type { VariantRecord } from "../db/schema.ts";

/**
 * The variant a user or session key gets in an experiment: a hash of the experiment's name and the key mapped to
 * [0, 1) and looked up in the variants' cumulative weights. The same key always gets the same variant (nothing is
 * stored), different experiments split keys independently, and over many keys each variant's share approaches its
 * weight's share.
 */
export function assignVariant(experiment: string, key: string, variants: readonly VariantRecord[]): VariantRecord {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  const digest = createHash("sha256").update(`${experiment}\u0000${key}`).digest();
  const point = (digest.readUInt32BE(0) * 2 ** 21 + (digest.readUInt32BE(4) >>> 11)) / 2 ** 53;
  let left = point * total;
  for (const variant of variants) {
    left -= variant.weight;
    if (left < 0) return variant;
  }
  return variants.at(-1) as VariantRecord;
}
