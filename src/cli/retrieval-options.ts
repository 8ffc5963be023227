import { InvalidArgumentError, Option } from "commander";
import type { HybridWeights } from "../../retrievers/hybrid-retriever.ts";
import { defaultRerankCandidates } from "../../retrievers/reranking-retriever.ts";
import { parsePositiveInteger } from "./parse-number.ts";

/** `--rerank [candidates]`: reorder with the configured reranker. */
export function rerankOption(): Option {
  return new Option(
    "--rerank [candidates]",
    `reorder the passages with the reranker, which reads this many candidates (default ${defaultRerankCandidates})`,
  ).argParser(parsePositiveInteger);
}

/** The candidate count a `--rerank` value asks for, or undefined without the flag. */
export function rerankCandidatesOf(value: number | boolean | undefined): number | undefined {
  if (value === undefined || value === false) return undefined;
  return value === true ? defaultRerankCandidates : value;
}

/** `--weights DENSE,FULLTEXT`: how much each list counts in hybrid fusion. */
export function weightsOption(): Option {
  return new Option(
    "--weights <dense,fullText>",
    "hybrid: weight of the dense and full-text lists (default 1,1)",
  ).argParser(parseWeights);
}

function parseWeights(value: string): HybridWeights {
  const parts = value.split(",").map((part) => Number(part.trim()));
  const [dense, fullText] = parts;
  if (parts.length !== 2 || dense === undefined || fullText === undefined || !parts.every((part) => part >= 0 && part <= 100))
    throw new InvalidArgumentError(`expected two weights from 0 to 100 such as "0.5,1", got "${value}"`);
  return { dense, fullText };
}
