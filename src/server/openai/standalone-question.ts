import type { ChatMessage } from "./chat-request.ts";
import { messageText } from "./chat-request.ts";
import { answerProse } from "./follow-up/answer-prose.ts";
import { chooseReferent } from "./follow-up/choose-referent.ts";
import { conversationReferents, type Turn } from "./follow-up/conversation-referents.ts";
import { replacePronoun } from "./follow-up/pronoun-replacement.ts";
import { referringPronoun } from "./follow-up/referring-pronoun.ts";

/** A follow-up refers back a few turns, to what their opening words name: the rest is not read. */
const earlierTurnsRead = 8;
const charactersReadPerTurn = 3000;

/**
 * The last user turn as a question that stands alone. When it refers back with a pronoun ("Where was he born?") the
 * pronoun gives way to what it refers to: the most recently named thing of a fitting kind ("Where was Treisnos Bemtond
 * born?", not the organisation named after him), written as the grammar needs ("What is his job?" becomes "What is
 * Treisnos Bemtond's job?"). Only the first referring pronoun is replaced. A question without one, or whose pronoun
 * fits nothing named before it, is kept as it is: better unresolved than wrong.
 */
export function standaloneQuestion(messages: readonly ChatMessage[]): string {
  const turns: Turn[] = messages.flatMap((message) =>
    message.role === "user" || message.role === "assistant" ? [{ role: message.role, text: messageText(message) }] : [],
  );
  const last = turns.findLastIndex((turn) => turn.role === "user");
  const question = turns[last]?.text.trim() ?? "";
  const pronoun = referringPronoun(question);
  if (pronoun === undefined) return question;
  const earlier = turns.slice(Math.max(0, last - earlierTurnsRead), Math.max(0, last)).map((turn) => ({
    ...turn,
    text: (turn.role === "assistant" ? answerProse(turn.text) : turn.text).slice(0, charactersReadPerTurn),
  }));
  const conversation: Turn[] = [...earlier, { role: "user", text: question }];
  const referent = chooseReferent(conversation, conversationReferents(conversation), pronoun);
  return referent === undefined ? question : replacePronoun(question, pronoun, referent);
}
