import { readdir, stat } from "node:fs/promises";
import { basename, extname, join, relative, sep } from "node:path";
import picomatch from "picomatch";
import { loadHtmlFile } from "./loaders/html-loader.ts";
import { loadJsonFile } from "./loaders/json-loader.ts";
import { loadMarkdownFile } from "./loaders/markdown-loader.ts";
import { loadPdfFile } from "./loaders/pdf-loader.ts";
import { loadTextFile } from "./loaders/text-loader.ts";
import type { JsonlFields, LoadEvent } from "./source-document.ts";

export interface SourceOptions {
  /** Globs (relative to each folder) of the files to read; default: every supported type. */
  readonly include?: readonly string[];
  /** Globs of files to leave out; hidden files and folders and node_modules are always left out. */
  readonly exclude?: readonly string[];
  readonly jsonl?: JsonlFields;
}

const loaders: Record<string, (path: string, id: string, options: SourceOptions) => AsyncIterable<LoadEvent>> = {
  ".txt": (path, id) => loadTextFile(path, id),
  ".md": (path, id) => loadMarkdownFile(path, id),
  ".markdown": (path, id) => loadMarkdownFile(path, id),
  ".html": (path, id) => loadHtmlFile(path, id),
  ".htm": (path, id) => loadHtmlFile(path, id),
  ".pdf": (path, id) => loadPdfFile(path, id),
  ".jsonl": (path, id, options) => loadJsonFile(path, id, options.jsonl),
  ".json": (path, id, options) => loadJsonFile(path, id, options.jsonl),
};

export const supportedExtensions = Object.keys(loaders);

/** The files the sources name, in the order they are read (folders walked recursively, sorted, filtered). */
export async function* readSourceFiles(paths: readonly string[], options: SourceOptions = {}): AsyncIterable<string> {
  for await (const entry of sourceEntries(paths, options)) if ("file" in entry) yield entry.file;
}

/**
 * Reads every document under the given files and folders, in a stable order (folders walked recursively, sorted).
 * A file's document id, and its documents' uri, is its path relative to the folder it was found in (or its name,
 * when named directly), so that no server path reaches a client; a JSON record's uri adds `:N` (its line or its
 * number). Nothing here throws for bad input: unreadable paths and files come out as failures, named by the path read
 * (for the operator).
 */
export async function* readSources(paths: readonly string[], options: SourceOptions = {}): AsyncIterable<LoadEvent> {
  for await (const entry of sourceEntries(paths, options)) {
    if ("failure" in entry) yield entry.failure;
    else yield* loadFile(entry.file, entry.id, options, entry.named);
  }
}

/**
 * Reads one file as if it were named directly, its documents identified by `id` rather than by its path (an upload,
 * stored by the server under a name of its own). Unsupported types and unreadable files come out as failures.
 */
export function readSourceFile(path: string, id: string, options: SourceOptions = {}): AsyncIterable<LoadEvent> {
  return loadFile(path, id, options, true);
}

type SourceEntry = { file: string; id: string; named: boolean } | { failure: LoadEvent };

async function* sourceEntries(paths: readonly string[], options: SourceOptions): AsyncIterable<SourceEntry> {
  const included = picomatch(options.include && options.include.length > 0 ? [...options.include] : ["**/*"], {
    dot: false,
  });
  const excluded = picomatch(["**/node_modules/**", ...(options.exclude ?? [])], { dot: true });
  for (const path of paths) {
    let kind: "file" | "folder";
    try {
      kind = (await stat(path)).isDirectory() ? "folder" : "file";
    } catch {
      yield { failure: { kind: "failure", uri: path, reason: "no such file or folder" } };
      continue;
    }
    if (kind === "file") {
      yield { file: path, id: basename(path), named: true };
      continue;
    }
    for await (const file of walk(path)) {
      if ("failure" in file) {
        yield file;
        continue;
      }
      const id = relative(path, file.path).split(sep).join("/");
      if (included(id) && !excluded(id) && extname(file.path).toLowerCase() in loaders)
        yield { file: file.path, id, named: false };
    }
  }
}

function loadFile(path: string, id: string, options: SourceOptions, named: boolean): AsyncIterable<LoadEvent> {
  const loader = loaders[extname(path).toLowerCase()];
  if (loader) return loader(path, id, options);
  return (async function* () {
    if (named)
      yield {
        kind: "failure",
        uri: path,
        reason: `unsupported file type "${extname(path)}" (supported: ${supportedExtensions.join(", ")})`,
      } as const;
  })();
}

async function* walk(folder: string): AsyncIterable<{ path: string } | { failure: LoadEvent }> {
  let entries: { name: string; isDirectory(): boolean; isFile(): boolean }[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    yield {
      failure: {
        kind: "failure",
        uri: folder,
        reason: `the folder cannot be read (${error instanceof Error ? error.message : String(error)})`,
      },
    };
    return;
  }
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield { path };
  }
}
