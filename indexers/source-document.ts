/** A document read from a source, before chunking. */
export interface SourceDocument {
  /** Stable across runs: the path relative to the source root, or the record's id in a JSONL file. */
  readonly id: string;
  /**
   * Where it came from, relative to what was indexed: the file's path relative to the folder given (its name, when
   * the file was given), with `:line` for a JSONL record. Never an absolute path: passages and citations carry it.
   */
  readonly uri: string;
  readonly title: string;
  readonly text: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** What reading a source yields: documents, and the documents (or lines) that could not be read, with why. */
export type LoadEvent =
  | { readonly kind: "document"; readonly document: SourceDocument }
  | { readonly kind: "failure"; readonly uri: string; readonly reason: string };

/** How JSONL records map onto documents when they are in none of the known shapes. */
export interface JsonlFields {
  readonly idField?: string;
  readonly titleField?: string;
  readonly textField?: string;
}
