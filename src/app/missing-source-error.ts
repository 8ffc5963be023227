import { RecallError } from "../errors/recall-error.ts";

/** A path given to index that does not exist: nothing is indexed and no corpus is created. */
export class MissingSourceError extends RecallError {
  override readonly name = "MissingSourceError";
  readonly code = "source_not_found";
  readonly status = 400;

  constructor(readonly paths: readonly string[]) {
    super(
      `Nothing was indexed: ${paths.length === 1 ? "this path does" : "these paths do"} not exist: ${paths.join(", ")}. ` +
        "Check the spelling, or run the command from the folder the paths are relative to.",
    );
  }
}
