import { type ChatMessage, messageText } from "./chat-request.ts";

/** The frontends' own requests that are not questions: a chat's title, its tags, follow-ups, search queries. */
export type BackgroundTaskName = "title" | "tags" | "follow-ups" | "queries" | "autocomplete";

/** A background request recognised, with its cheap reply, in the shape its prompt asks for. */
export interface BackgroundTask {
  readonly task: BackgroundTaskName;
  readonly content: string;
}

/** The key of the JSON object Open WebUI's task templates ask for, naming the task. */
const openWebUiKeys: Readonly<Record<string, BackgroundTaskName>> = {
  title: "title",
  tags: "tags",
  follow_ups: "follow-ups",
  queries: "queries",
  text: "autocomplete",
};

/** LibreChat's title prompts: the completion one (a plain title back) and the structured one (language and title). */
const libreChatCompletionTitle = "Provide a concise, 5-word-or-less title for the conversation";
const libreChatStructuredTitle = "Analyze this conversation and provide:\n1. The detected language of the conversation";

/** Words a title leaves out: question words, auxiliaries, articles, prepositions, politeness. */
const fillerWords = new Set(
  (
    "a an the what where when who whom whose which why how is are was were am be been do does did can could would " +
    "should will shall may might must tell me my about please i you your we our of in on at to for and or with " +
    "from by it its that this these those has have had there here give explain describe know"
  ).split(" "),
);

/**
 * Recognises the requests chat frontends send on their own — Open WebUI's title, tags, follow-up, search-query and
 * autocomplete generation (its "### Task:" templates, whose last user message holds the chat history), LibreChat's
 * title prompts — and answers them without the reasoning loop, without retrieval and without a model: the title from
 * the words of the chat's first question, tags ["General"] (the template's own answer for a short chat), and no
 * follow-ups, queries or completion. Undefined for anything else, which is a question to answer.
 */
export function backgroundTask(messages: readonly ChatMessage[]): BackgroundTask | undefined {
  const last = messages.findLast((message) => message.role === "user");
  if (!last) return undefined;
  const text = messageText(last).trim();
  if (text.startsWith("### Task:") && text.includes("<chat_history>")) return openWebUiTask(text);
  if (text.startsWith(libreChatCompletionTitle)) return { task: "title", content: titleOf(firstUserTurn(text)) };
  if (text.startsWith(libreChatStructuredTitle))
    return { task: "title", content: JSON.stringify({ language: "English", title: titleOf(firstUserTurn(text)) }) };
  return undefined;
}

function openWebUiTask(text: string): BackgroundTask | undefined {
  const opening = text.indexOf("<chat_history>");
  const instructions = text.slice(0, opening);
  const key = instructions.match(/\{\s*"(title|tags|follow_ups|queries|text)"\s*:/)?.[1];
  const task = key === undefined ? undefined : openWebUiKeys[key];
  const closing = text.indexOf("</chat_history>", opening);
  const history = text.slice(opening + "<chat_history>".length, closing === -1 ? undefined : closing);
  switch (task) {
    case "title":
      return { task, content: JSON.stringify({ title: titleOf(firstUserTurn(history)) }) };
    case "tags":
      return { task, content: JSON.stringify({ tags: ["General"] }) };
    case "follow-ups":
      return { task, content: JSON.stringify({ follow_ups: [] }) };
    case "queries":
      return { task, content: JSON.stringify({ queries: [] }) };
    case "autocomplete":
      return { task, content: JSON.stringify({ text: "" }) };
    case undefined:
      return undefined;
  }
}

/**
 * The first user turn of a chat history as frontends write it into their prompts: Open WebUI's "USER: …" lines,
 * LibreChat's "||>User:" blocks; the whole text when it has no turns.
 */
function firstUserTurn(history: string): string {
  const turn = history.match(
    /(?:^|\n)\s*(?:\|\|>)?user:\s*([\s\S]*?)(?=\n\s*(?:\|\|>)?(?:assistant|response|ai|system):|$)/i,
  )?.[1];
  return (turn ?? history).trim().split("\n")[0]?.replace(/^"|"$/g, "") ?? "";
}

/** Up to five words of a question that say what it is about, capitalised: "Treisnos Bemtond Born". */
export function titleOf(question: string): string {
  const words = question.split(/[^\p{L}\p{N}'-]+/u).filter((word) => /[\p{L}\p{N}]/u.test(word));
  const meaningful = words.filter((word) => !fillerWords.has(word.toLowerCase()));
  const chosen = (meaningful.length > 0 ? meaningful : words).slice(0, 5);
  const title = chosen.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(" ");
  return title === "" ? "New Chat" : title;
}
