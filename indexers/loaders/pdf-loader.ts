import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { LoadEvent } from "../source-document.ts";

/** The text layer of a PDF, page by page (pdf.js, Mozilla's PDF library). Pages are separated by blank lines. */
export async function pdfToText(
  bytes: Uint8Array,
): Promise<{ title: string | undefined; text: string; pages: number }> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await getDocument({
    data: bytes,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if ("str" in item) text += item.str + (item.hasEOL ? "\n" : "");
      }
      pages.push(text.replace(/[ \t]+/g, " ").trim());
    }
    const info = (await pdf.getMetadata()).info as { Title?: unknown };
    const title = typeof info.Title === "string" && info.Title.trim() !== "" ? info.Title.trim() : undefined;
    return { title, text: pages.filter((page) => page !== "").join("\n\n"), pages: pdf.numPages };
  } finally {
    await pdf.destroy();
  }
}

/** A .pdf file: the text of all its pages; a PDF without a text layer (a scan) is a failure that says so. */
export async function* loadPdfFile(path: string, id: string): AsyncIterable<LoadEvent> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    yield {
      kind: "failure",
      uri: path,
      reason: `the file cannot be read (${error instanceof Error ? error.message : String(error)})`,
    };
    return;
  }
  try {
    const { title, text, pages } = await pdfToText(new Uint8Array(bytes));
    if (text === "") {
      yield {
        kind: "failure",
        uri: path,
        reason: `the PDF has no text layer in its ${pages} page(s) (a scanned document needs OCR first)`,
      };
      return;
    }
    yield {
      kind: "document",
      document: { id, uri: id, title: title ?? basename(path, extname(path)), text, metadata: { pages } },
    };
  } catch (error) {
    yield {
      kind: "failure",
      uri: path,
      reason: `the file is not a readable PDF (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}
