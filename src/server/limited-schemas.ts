import { z } from "zod";
import type { Limits } from "../config/config-schema.ts";

/** The limits of an upload (POST /v1/corpora/{name}/documents), each refused with 413 `upload_too_large`. */
export type UploadLimit = "uploadBytes" | "uploadFileBytes" | "uploadFiles";

/**
 * A limit a request's field is checked against (body sizes and uploads are checked apart, as they are read, and the
 * upload queue by the jobs).
 */
export type FieldLimit = Exclude<keyof Limits, "bodyBytes" | UploadLimit | "queuedUploadJobs">;

const unitOf: Record<FieldLimit, "characters" | "items" | "value"> = {
  questionChars: "characters",
  messageChars: "characters",
  embeddingInputChars: "characters",
  chatMessages: "items",
  embeddingInputs: "items",
  samples: "value",
  maxTokens: "value",
  rerankCandidates: "value",
  k: "value",
};

/**
 * The zod refinement options of a limit: a message that names the limit's config key and its value (never the input),
 * and the key itself in `params.limit`, which `InvalidRequestError.fromZod` turns into a LimitExceededError.
 */
export function limitRule(limits: Limits, key: FieldLimit): { message: string; params: { limit: FieldLimit } } {
  const value = limits[key];
  const unit = unitOf[key];
  const message =
    unit === "characters"
      ? `is longer than limits.${key} (${value} characters)`
      : unit === "items"
        ? `has more than limits.${key} (${value} items)`
        : `is over limits.${key} (${value})`;
  return { message, params: { limit: key } };
}

/** A zod issue that reports a limit exceeded: the limit, the field's path from the body's root, and the message. */
export interface LimitIssue {
  readonly limit: FieldLimit;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** The first issue that comes from one of these schemas' limits, looking into the options of unions too. */
export function limitIssue(issues: readonly z.core.$ZodIssue[]): LimitIssue | undefined {
  for (const issue of issues) {
    const limit: unknown = issue.code === "custom" ? issue.params?.limit : undefined;
    if (typeof limit === "string" && Object.hasOwn(unitOf, limit))
      return { limit: limit as FieldLimit, path: issue.path, message: issue.message };
    if (issue.code !== "invalid_union") continue;
    for (const option of issue.errors) {
      const found = limitIssue(option);
      if (found) return { ...found, path: [...issue.path, ...found.path] };
    }
  }
  return undefined;
}

/** A string of at most `limits[key]` characters, checked before any other rule (trim included). */
export function limitedText(limits: Limits, key: FieldLimit): z.ZodString {
  return z
    .string()
    .refine((text) => text.length <= limits[key], limitRule(limits, key))
    .refine((text) => !text.includes("\u0000"), "must not contain the NUL character (U+0000)");
}

/** An integer of at most `limits[key]`. */
export function limitedInteger(limits: Limits, key: FieldLimit): z.ZodNumber {
  return z
    .number()
    .int()
    .refine((value) => value <= limits[key], limitRule(limits, key));
}

/** A list of at most `limits[key]` items, counted before any item is checked; `list` then checks the items. */
export function limitedList<T extends z.ZodArray<z.ZodType>>(list: T, limits: Limits, key: FieldLimit) {
  return z
    .array(z.unknown())
    .refine((items) => items.length <= limits[key], limitRule(limits, key))
    .pipe(list);
}

/**
 * A name a client sends (a corpus, strategy, experiment or model): short, so that an error may quote it. Corpus
 * names are at most 64 characters; 256 leaves room for "strategy@corpus" and experiment names.
 */
export const nameText = z.string().min(1).max(256);
