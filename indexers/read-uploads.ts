import { basename, dirname, extname } from "node:path";
import { readSourceFile, type SourceOptions } from "./read-sources.ts";
import type { LoadEvent } from "./source-document.ts";

/** A file a client sent, stored by the server under a name of its own (`path`), named by the client (`name`). */
export interface StoredUpload {
  readonly kind: "file";
  /** Where the server stored it: never shown to a client. */
  readonly path: string;
  /** The client's file name, made safe (no folders): the document's id and uri. */
  readonly name: string;
}

/** A document a client sent as JSON. */
export interface SentDocument {
  readonly kind: "document";
  readonly id: string;
  readonly title?: string | undefined;
  readonly text: string;
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
}

export type Upload = StoredUpload | SentDocument;

/**
 * Reads what a client sent, in order, as the indexer reads sources: each stored file through the same loaders as
 * `recall index` (by its extension), its documents identified and titled by the client's file name, as a file named
 * directly is by its own; a sent document as it is. The server's paths never come out: a failure that names the
 * stored file names the client's file instead.
 */
export async function* readUploads(uploads: readonly Upload[], options: SourceOptions = {}): AsyncIterable<LoadEvent> {
  for (const upload of uploads) {
    if (upload.kind === "document") {
      yield {
        kind: "document",
        document: {
          id: upload.id,
          uri: upload.id,
          title: upload.title ?? upload.id,
          text: upload.text,
          metadata: upload.metadata ?? {},
        },
      };
      continue;
    }
    for await (const event of readSourceFile(upload.path, upload.name, options)) yield asClientNamed(event, upload);
  }
}

/** An event of a stored file with the client's name in place of the server's path (and of its name, as a title). */
function asClientNamed(event: LoadEvent, upload: StoredUpload): LoadEvent {
  if (event.kind === "failure")
    return { kind: "failure", uri: hidePath(event.uri, upload), reason: hidePath(event.reason, upload) };
  const storedTitle = basename(upload.path, extname(upload.path));
  if (event.document.title !== storedTitle) return event;
  return { kind: "document", document: { ...event.document, title: basename(upload.name, extname(upload.name)) } };
}

function hidePath(text: string, upload: StoredUpload): string {
  return text.replaceAll(upload.path, upload.name).replaceAll(dirname(upload.path), "uploads");
}
