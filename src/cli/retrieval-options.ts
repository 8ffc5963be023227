import { InvalidArgumentError, Option } from "commander";
import type { HybridWeights } from "../../retrievers/hybrid-retriever.ts";
import { defaultRerankCandidates } from "../../retrievers/reranking-retriever.ts";
import type { RetrievalHops } from "../../retrievers/two-hop-retriever.ts";
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
  if (
    parts.length !== 2 ||
    dense === undefined ||
    fullText === undefined ||
    !parts.every((part) => part >= 0 && part <= 100)
  )
    throw new InvalidArgumentError(`expected two weights from 0 to 100 such as "0.5,1", got "${value}"`);
  return { dense, fullText };
}

/** `--hops 1|2`: 2 adds a second round that searches with the names the first round's best passage mentions. */
export function hopsOption(): Option {
  return new Option(
    "--hops <n>",
    "2: a second round searches with the names the first round's best passage mentions, fused with the first",
  )
    .argParser(parseHops)
    .default(1);
}

function parseHops(value: string): RetrievalHops {
  if (value === "1") return 1;
  if (value === "2") return 2;
  throw new InvalidArgumentError(`expected 1 or 2, got "${value}"`);
}
