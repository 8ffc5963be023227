import { z } from "zod";

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });

/** A chat message as OpenAI-compatible clients send it; text parts of multi-part content are joined. */
const messageSchema = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
});

/**
 * The body of POST /v1/chat/completions. Fields Recall does not use (temperature, max_tokens, n, tools, …) are
 * accepted and ignored, as clients send them by default.
 */
export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  logprobs: z.boolean().nullish(),
  /** Recall samples answers with 5 alternatives a token: more cannot be given. */
  top_logprobs: z.number().int().min(0).max(5).nullish(),
  user: z.string().nullish(),
});

export type ChatRequest = z.output<typeof chatRequestSchema>;
export type ChatMessage = ChatRequest["messages"][number];

/** The text of a message (its text parts joined). */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  return (message.content ?? []).flatMap((part) => (part.type === "text" && part.text ? [part.text] : [])).join("\n");
}
