import { readFile } from "node:fs/promises";

/** Why a file's bytes are not usable text, or undefined when they are. */
export function textProblem(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return "the file is empty";
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) return "the file is binary (it contains NUL bytes)";
  const text = new TextDecoder("utf-8", { fatal: false }).decode(sample);
  const replaced = text.split("\uFFFD").length - 1;
  if (replaced > sample.length / 100) return "the file is not UTF-8 text";
  return undefined;
}

/** Reads a file as UTF-8 text, or says why it cannot be read as text. */
export async function readTextFile(path: string): Promise<{ text: string } | { problem: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { problem: `the file cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
  const problem = textProblem(bytes);
  if (problem) return { problem };
  // A NUL past the sampled start means nothing in text, and PostgreSQL stores no string that holds one.
  const text = bytes
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .replaceAll("\u0000", "");
  return text.trim() === "" ? { problem: "the file has no text" } : { text };
}
