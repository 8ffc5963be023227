import type { SentDocument } from "../../indexers/read-uploads.ts";
import type { UploadJobInput } from "../db/upload-job-records.ts";
import { type UploadFileName, uploadFileName } from "./upload-file-name.ts";
import type { UploadedFile } from "./upload-folder.ts";

/** An upload's files (under their safe names) and JSON documents: what a job indexes, in this order. */
export interface UploadJobContent {
  readonly files: readonly { readonly file: UploadedFile; readonly name: UploadFileName }[];
  readonly documents: readonly SentDocument[];
}

/** The rows that keep an upload in SQL: each file's bytes in base64, each document as JSON, files first. */
export async function inputsOf(content: UploadJobContent): Promise<UploadJobInput[]> {
  const files = await Promise.all(
    content.files.map(async ({ file, name }) => ({
      kind: "file" as const,
      name: name.id,
      content: Buffer.from(await file.arrayBuffer()).toString("base64"),
    })),
  );
  const documents = content.documents.map(({ kind: _kind, ...document }) => ({
    kind: "document" as const,
    name: document.id,
    content: JSON.stringify(document),
  }));
  return [...files, ...documents].map((input, position) => ({ ...input, position }));
}

/** An upload again from the rows that kept it, for another server to run its job. */
export function contentOf(inputs: readonly UploadJobInput[]): UploadJobContent {
  const files: UploadJobContent["files"][number][] = [];
  const documents: SentDocument[] = [];
  for (const input of inputs) {
    if (input.kind === "document") {
      documents.push({ ...(JSON.parse(input.content) as Omit<SentDocument, "kind">), kind: "document" });
      continue;
    }
    const bytes = Buffer.from(input.content, "base64");
    const file: UploadedFile = {
      name: input.name,
      size: bytes.byteLength,
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    };
    files.push({ file, name: uploadFileName(input.name) });
  }
  return { files, documents };
}
