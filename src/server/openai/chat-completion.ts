import type { AskResponse } from "../../app/ask-service.ts";
import type { TokenLogprob } from "../../models/language-model.ts";

/** What the message is made of: the answer and its citations (an AskResponse, or an answer-end trace event). */
export type AnsweredText = Pick<AskResponse, "answer" | "citations">;

/** The assistant message's text: the answer, a [n] marker per citation, then the sources list frontends show. */
export function answerContent(response: AnsweredText): { content: string; markers: { start: number; end: number }[] } {
  let content = response.answer;
  const markers: { start: number; end: number }[] = [];
  for (const citation of response.citations) {
    const marker = ` [${citation.number}]`;
    markers.push({ start: content.length + 1, end: content.length + marker.length });
    content += marker;
  }
  if (response.citations.length > 0) {
    const sources = response.citations.map((citation) => `[${citation.number}] ${citation.title} (${citation.uri})`);
    content += `\n\nSources:\n${sources.join("\n")}`;
  }
  return { content, markers };
}

/** Structured citations: OpenAI's url_citation (marker position in the content) plus the passage's provenance. */
export function annotations(response: AnsweredText, markers: readonly { start: number; end: number }[]) {
  return response.citations.map((citation, index) => ({
    type: "url_citation" as const,
    url_citation: {
      url: citation.uri,
      title: citation.title,
      start_index: markers[index]?.start ?? 0,
      end_index: markers[index]?.end ?? 0,
    },
    passage: {
      number: citation.number,
      chunk_id: citation.chunkId,
      document_id: citation.documentId,
      text: citation.text,
      start: citation.start,
      end: citation.end,
    },
  }));
}

/** OpenAI's logprobs entry for one token. */
export function tokenLogprob(token: TokenLogprob, topLogprobs: number) {
  const bytes = (text: string) => [...Buffer.from(text, "utf8")];
  return {
    token: token.token,
    logprob: token.logprob,
    bytes: bytes(token.token),
    top_logprobs: token.topLogprobs.slice(0, topLogprobs).map((alternative) => ({
      token: alternative.token,
      logprob: alternative.logprob,
      bytes: bytes(alternative.token),
    })),
  };
}

/** Recall's own extension object on a completion. */
export function recallExtension(response: AskResponse) {
  return {
    ask_id: response.id,
    strategy: response.strategy,
    corpus: response.corpus,
    confidence: response.confidence,
    /** False: the language model has no calibration, and the confidence is not a fitted probability. */
    calibrated: response.calibrated,
    abstained: response.abstained,
    question: response.question,
    retrievals: response.usage.retrievals,
  };
}

export function usageOf(response: AskResponse) {
  const { promptTokens, completionTokens } = response.usage;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}
