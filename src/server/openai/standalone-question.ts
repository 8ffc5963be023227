import type { ChatMessage } from "./chat-request.ts";
import { messageText } from "./chat-request.ts";

const pronoun = /\b(?:he|she|they|it|him|her|them|his|hers|their|its)\b/i;
/** Two or more capitalised words in a row: a name. */
const name = /\b[A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)+/gu;

/**
 * The last user turn as a question that stands alone: when it refers back with a pronoun ("Where was she born?")
 * the most recent name in the conversation before it takes the pronoun's place ("Where was Treisnos Bemtond born?").
 * A turn without a pronoun, or a conversation without a name, is kept as it is.
 */
export function standaloneQuestion(messages: readonly ChatMessage[]): string {
  const turns = messages.filter((message) => message.role === "user" || message.role === "assistant");
  const lastUser = [...turns].reverse().find((message) => message.role === "user");
  const question = lastUser ? messageText(lastUser).trim() : "";
  if (!pronoun.test(question)) return question;
  const history = turns.slice(0, turns.lastIndexOf(lastUser as ChatMessage));
  for (const message of [...history].reverse()) {
    const names = messageText(message).match(name);
    const last = names?.at(-1);
    if (!last) continue;
    return question.replace(pronoun, (word, offset: number) => {
      // "her" is possessive before a noun ("her employer"), an object otherwise ("about her?").
      const beforeNoun = /^\s+\p{L}/u.test(question.slice(offset + word.length));
      const possessive = /^(his|their|its)$/i.test(word) || (/^her$/i.test(word) && beforeNoun);
      return possessive ? `${last}'s` : last;
    });
  }
  return question;
}
