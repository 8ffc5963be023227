import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StoredUpload } from "../../indexers/read-uploads.ts";
import type { UploadFileName } from "./upload-file-name.ts";

/** A file as an upload hands it over (a web `File` is one). */
export interface UploadedFile {
  readonly name: string;
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * The server's own temporary folder for uploads: each job's files in a folder of their own, under names the server
 * makes (`upload-1.md`: a number and the loader's extension), so that nothing a client sends becomes a path. A job's
 * folder is removed when the job ends, and the whole folder on `close`.
 */
export class UploadFolder {
  private root: Promise<string> | undefined;

  /** Writes one job's files; the result names each by the server's path and the client's (safe) name. */
  async store(
    files: readonly { readonly file: UploadedFile; readonly name: UploadFileName }[],
  ): Promise<{ folder: string; uploads: StoredUpload[] }> {
    this.root ??= mkdtemp(join(tmpdir(), "recall-uploads-"));
    const folder = await mkdtemp(join(await this.root, "job-"));
    const uploads: StoredUpload[] = [];
    try {
      for (const [index, { file, name }] of files.entries()) {
        const path = join(folder, `upload-${index + 1}${name.extension}`);
        await writeFile(path, new Uint8Array(await file.arrayBuffer()));
        uploads.push({ kind: "file", path, name: name.id });
      }
    } catch (error) {
      await this.remove(folder);
      throw error;
    }
    return { folder, uploads };
  }

  /** Removes a job's files. */
  async remove(folder: string): Promise<void> {
    await rm(folder, { recursive: true, force: true });
  }

  /** Removes every upload left. */
  async close(): Promise<void> {
    const root = await this.root?.catch(() => undefined);
    this.root = undefined;
    if (root) await rm(root, { recursive: true, force: true });
  }
}
