import { InvalidArgumentError } from "commander";
import type { RetrievalMode } from "../../retrievers/passage.ts";

const modes: readonly RetrievalMode[] = ["dense", "full-text", "hybrid"];

/** Commander parser for --mode. */
export function parseRetrievalMode(value: string): RetrievalMode {
  if (!(modes as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${modes.join(", ")}`);
  return value as RetrievalMode;
}
