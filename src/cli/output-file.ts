import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { RecallError } from "../errors/recall-error.ts";

/** A file to write whose folder does not exist: said before any work is done, not after. */
export class OutputFolderMissingError extends RecallError {
  override readonly name = "OutputFolderMissingError";
  readonly code = "output_folder_missing";
  readonly status = 400;

  constructor(readonly path: string) {
    super(`Cannot write ${path}: the folder ${dirname(path)} does not exist. Create it first, or write elsewhere.`);
  }
}

/** Checks that a file can be written where asked (its folder exists); returns the path unchanged. */
export function outputFile(path: string): string {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new OutputFolderMissingError(path);
  return path;
}
