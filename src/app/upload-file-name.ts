import { extname } from "node:path";
import { supportedExtensions } from "../../indexers/read-sources.ts";
import { InvalidFileNameError, UnsupportedFileTypeError } from "./index-job-errors.ts";

/** An uploaded file's name made safe: the document id it gives, and the extension that picks its loader. */
export interface UploadFileName {
  /** The name's last part, without folders or control characters: the document's id and uri. */
  readonly id: string;
  /** Lower case, one of the loaders' (".md", ".pdf", …). */
  readonly extension: string;
}

/** The text without control characters (below U+0020, and U+007F). */
function withoutControlCharacters(text: string): string {
  return [...text].filter((character) => character >= " " && character !== "\u007f").join("");
}

/**
 * The document id of a client's file name, as `recall index` gives a file named directly: its name, never a path.
 * Folders (with "/" or "\") are dropped, so "../../etc/passwd.txt" is "passwd.txt"; a name that is empty, hidden or
 * longer than 255 characters is refused (InvalidFileNameError), and so is a type no loader reads
 * (UnsupportedFileTypeError, 415). Nothing here touches the file system: the server stores the file under a name of
 * its own.
 */
export function uploadFileName(fileName: string): UploadFileName {
  const id = withoutControlCharacters(fileName.split(/[/\\]/).pop() ?? "").trim();
  if (id === "" || id.startsWith(".") || id.length > 255) throw new InvalidFileNameError(fileName);
  const extension = extname(id).toLowerCase();
  if (!supportedExtensions.includes(extension)) throw new UnsupportedFileTypeError(id, supportedExtensions);
  return { id, extension };
}
