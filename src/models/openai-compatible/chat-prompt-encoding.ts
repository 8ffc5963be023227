import { z } from "zod";
import type { ChatMessage } from "../language-model.ts";

/** The first line of a prompt that carries chat messages rather than text. */
const chatMarker = "<|recall-chat-messages|>";

const messagesSchema = z.array(z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() }));

/**
 * Chat messages as a prompt for a chat API backend: the marker line, then the messages as one line of JSON. A prompt
 * format appends the assistant's begun reply after it, as it would after a chat template's rendering.
 */
export function encodeChatPrompt(messages: readonly ChatMessage[]): string {
  return `${chatMarker}\n${JSON.stringify(messages.map(({ role, content }) => ({ role, content })))}\n`;
}

/** The messages and the begun reply a prompt from `encodeChatPrompt` carries; undefined for a plain prompt. */
export function decodeChatPrompt(
  prompt: string,
): { readonly messages: readonly ChatMessage[]; readonly begun: string } | undefined {
  if (!prompt.startsWith(`${chatMarker}\n`)) return undefined;
  const start = chatMarker.length + 1;
  const end = prompt.indexOf("\n", start);
  if (end === -1) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(prompt.slice(start, end));
  } catch {
    return undefined;
  }
  const messages = messagesSchema.safeParse(parsed);
  return messages.success ? { messages: messages.data, begun: prompt.slice(end + 1) } : undefined;
}
