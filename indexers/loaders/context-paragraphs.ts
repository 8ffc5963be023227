import { createHash } from "node:crypto";
import { z } from "zod";

/** A paragraph of a multi-hop question's context: one document of the corpus the question set implies. */
export interface ContextParagraph {
  /** The document id: the title in HotpotQA and 2WikiMultihopQA, the title and a hash of the text in MuSiQue. */
  readonly id: string;
  readonly title: string;
  readonly text: string;
  /** MuSiQue's `is_supporting`; false where the record does not say (HotpotQA's say it in `supporting_facts`). */
  readonly supporting: boolean;
}

const sentences = z.array(z.string());
/** HotpotQA as Hugging Face datasets publishes it: `context: {title: [...], sentences: [[...], ...]}`. */
const datasetsContext = z.object({ title: z.array(z.string()), sentences: z.array(sentences) });
/** HotpotQA's and 2WikiMultihopQA's own release: `context: [[title, [sentence, ...]], ...]`. */
const releasedContext = z.array(z.tuple([z.string(), sentences]));
/** MuSiQue: `paragraphs: [{idx, title, paragraph_text, is_supporting}, ...]`. */
const musiqueParagraphs = z.array(
  z.object({ title: z.string(), paragraph_text: z.string(), is_supporting: z.boolean().optional() }),
);

/**
 * A MuSiQue paragraph's document id: its title, `#`, and the first 8 hex digits of the SHA-256 of its text. The
 * title alone is not enough (MuSiQue gives different paragraphs under one title), and `idx` is a place in one
 * question's list, not a paragraph's name; the same paragraph listed by many questions gets one id.
 */
export function paragraphId(title: string, text: string): string {
  return `${title}#${createHash("sha256").update(text).digest("hex").slice(0, 8)}`;
}

/**
 * The context paragraphs of a multi-hop question record as published: HotpotQA in either of its shapes (Hugging Face
 * datasets' `{title, sentences}` or the original `[[title, [sentence, ...]], ...]`, which 2WikiMultihopQA shares) or
 * MuSiQue's `paragraphs`. A paragraph's text is its sentences joined (a space added where neither side has one),
 * trimmed. Undefined for a record with neither `context` nor `paragraphs`; a `problem` when it has one in no known
 * shape.
 */
export function contextParagraphsOf(
  record: Readonly<Record<string, unknown>>,
): { readonly paragraphs: ContextParagraph[] } | { readonly problem: string } | undefined {
  if (record.context !== undefined) {
    if (Array.isArray(record.context)) {
      const context = releasedContext.safeParse(record.context);
      if (!context.success) return { problem: problemOf("context", "[[title, [sentence, ...]], ...]", context.error) };
      return { paragraphs: context.data.map(([title, texts]) => titled(title, joinSentences(texts))) };
    }
    const context = datasetsContext.safeParse(record.context);
    if (!context.success) return { problem: problemOf("context", "{title: [...], sentences: [[...]]}", context.error) };
    const { title: titles, sentences: texts } = context.data;
    return { paragraphs: titles.map((title, index) => titled(title, joinSentences(texts[index] ?? []))) };
  }
  if (record.paragraphs !== undefined) {
    const paragraphs = musiqueParagraphs.safeParse(record.paragraphs);
    if (!paragraphs.success)
      return { problem: problemOf("paragraphs", "[{title, paragraph_text, is_supporting}, ...]", paragraphs.error) };
    return {
      paragraphs: paragraphs.data.map(({ title, paragraph_text, is_supporting }) => {
        const text = paragraph_text.trim();
        return { id: paragraphId(title, text), title, text, supporting: is_supporting === true };
      }),
    };
  }
  return undefined;
}

function titled(title: string, text: string): ContextParagraph {
  return { id: title, title, text, supporting: false };
}

function joinSentences(texts: readonly string[]): string {
  let joined = "";
  for (const text of texts) {
    const spaced = joined === "" || /\s$/.test(joined) || /^\s/.test(text);
    joined += spaced ? text : ` ${text}`;
  }
  return joined.trim();
}

function problemOf(field: string, shape: string, error: z.ZodError): string {
  const [issue] = error.issues;
  const where = issue ? [field, ...issue.path.map(String)].join(".") : field;
  return `"${field}" is not in the shape ${shape} (${where}: ${issue?.message ?? "invalid"})`;
}
