import { z } from "zod";
import type { Limits } from "../../config/config-schema.ts";
import { limitedList, limitRule, nameText } from "../limited-schemas.ts";

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });

/** A chat message as OpenAI-compatible clients send it; text parts of multi-part content are joined. */
const messageSchema = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
});

/**
 * The body of POST /v1/chat/completions under the configured limits: the number of messages (limits.chatMessages),
 * each message's text (limits.messageChars) and the last user message, which is the question (limits.questionChars).
 * Fields Recall does not use (temperature, max_tokens, n, tools, …) are accepted and ignored, as clients send them by
 * default; the reply has one choice. With `question: false` (a request of the language model itself, whose last user
 * message is a whole prompt) the question limit does not apply.
 */
export function chatRequestSchema(limits: Limits, options: { readonly question: boolean } = { question: true }) {
  const message = messageSchema.superRefine((sent, context) => {
    if (textLength(sent) > limits.messageChars)
      context.addIssue({ code: "custom", path: ["content"], ...limitRule(limits, "messageChars") });
  });
  return z
    .looseObject({
      model: nameText,
      messages: limitedList(z.array(message).min(1), limits, "chatMessages"),
      stream: z.boolean().nullish(),
      stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
      logprobs: z.boolean().nullish(),
      /** Recall samples answers with 5 alternatives a token: more cannot be given. */
      top_logprobs: z.number().int().min(0).max(5).nullish(),
      user: z.string().max(256).nullish(),
    })
    .superRefine((body, context) => {
      if (!options.question) return;
      const last = body.messages.findLastIndex((sent) => sent.role === "user");
      const question = body.messages[last];
      if (question && textLength(question) > limits.questionChars)
        context.addIssue({
          code: "custom",
          path: ["messages", last, "content"],
          ...limitRule(limits, "questionChars"),
        });
    });
}

export type ChatRequest = z.output<ReturnType<typeof chatRequestSchema>>;
export type ChatMessage = z.output<typeof messageSchema>;

/** The length of a message's text, without joining its parts. */
function textLength(message: ChatMessage): number {
  if (typeof message.content === "string") return message.content.length;
  const parts = (message.content ?? []).flatMap((part) =>
    part.type === "text" && part.text ? [part.text.length] : [],
  );
  return parts.reduce((sum, length) => sum + length, Math.max(0, parts.length - 1));
}

/** The text of a message (its text parts joined). */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  return (message.content ?? []).flatMap((part) => (part.type === "text" && part.text ? [part.text] : [])).join("\n");
}
