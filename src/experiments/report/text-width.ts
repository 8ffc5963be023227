/**
 * Widths of characters in em, a little above those of DejaVu Sans, one of the widest sans-serif faces a browser falls
 * back to: a label measured with them fits in any common sans-serif face. No script runs in the report, so labels
 * are laid out from these estimates rather than measured.
 */
const narrow = new Set(" .,:;'!|ijlI()[]{}`·");
const slim = new Set("frt-/\\");
const wide = new Set("mwMW%@—");

function characterWidth(character: string): number {
  if (narrow.has(character)) return 0.4;
  if (slim.has(character)) return 0.45;
  if (wide.has(character)) return 1;
  if (/[a-z0-9]/.test(character)) return 0.65;
  return 0.8;
}

/** The estimated width in pixels of `text` set at `fontSize` pixels (generous: see above). */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const character of text) ems += characterWidth(character);
  return ems * fontSize;
}

/**
 * `text` broken into lines no wider than `width`: at spaces; inside a word only when the word alone is wider than a
 * line, after its hyphens where they suffice, else between any two characters.
 */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const fits = (candidate: string) => textWidth(candidate, fontSize) <= width;
  const pieces = text
    .trim()
    .split(/\s+/)
    .flatMap((word) => piecesOf(word, fits).map((piece, index) => ({ piece, glue: index === 0 ? " " : "" })));
  const lines: string[] = [];
  let line = "";
  for (const { piece, glue } of pieces) {
    if (line && fits(`${line}${glue}${piece}`)) line = `${line}${glue}${piece}`;
    else {
      if (line) lines.push(line);
      line = piece;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A word in pieces that each fit: whole if it fits, else split after hyphens, else between characters. */
function piecesOf(word: string, fits: (candidate: string) => boolean): string[] {
  if (fits(word)) return [word];
  return word.split(/(?<=-)/).flatMap((part) => {
    if (fits(part)) return [part];
    const chunks: string[] = [];
    let chunk = "";
    for (const character of part) {
      if (chunk && !fits(`${chunk}${character}`)) {
        chunks.push(chunk);
        chunk = "";
      }
      chunk += character;
    }
    return chunk ? [...chunks, chunk] : chunks;
  });
}
