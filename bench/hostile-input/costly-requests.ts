/**
 * The requests that make the model work: a few dozen valid ones (expected to succeed) and a handful of heavy ones
 * at and past the documented limits (10,000-message chats, n=64 with max_tokens=4096, 2,048 embedding inputs,
 * 1,000 rerank candidates). Each is listed once: a run sends them exactly once, whatever its size.
 */
import { type Draft, type HostileContext, post } from "./draft.ts";
import { anyStatus, clientError, type Expectation, success } from "./hostile-request.ts";
import { json, question } from "./route-bodies.ts";

const known = "Where was Gupound Geildeith born?";
const hostileText = "Answer briefly.\u0000 ' OR 1=1 -- \ud800 ../../etc/passwd";

function ask(body: Record<string, unknown>, expect: Expectation, description: string, heavy = false): Draft {
  return post("POST /v1/ask", "/v1/ask", heavy ? "heavy" : "model", json(body), expect, `ask: ${description}`, {
    cost: heavy ? "heavy" : "model",
  });
}

function chat(body: () => string, expect: Expectation, description: string, heavy = false): Draft {
  return post(
    "POST /v1/chat/completions",
    "/v1/chat/completions",
    heavy ? "heavy" : "model",
    body,
    expect,
    `chat: ${description}`,
    {
      cost: heavy ? "heavy" : "model",
    },
  );
}

function completion(body: Record<string, unknown>, expect: Expectation, description: string, heavy = false): Draft {
  return post(
    "POST /v1/completions",
    "/v1/completions",
    heavy ? "heavy" : "model",
    () => json(body),
    expect,
    `completions: ${description}`,
    {
      cost: heavy ? "heavy" : "model",
    },
  );
}

function embed(body: () => Record<string, unknown>, expect: Expectation, description: string, heavy = false): Draft {
  return post(
    "POST /v1/embeddings",
    "/v1/embeddings",
    heavy ? "heavy" : "model",
    () => json(body()),
    expect,
    `embeddings: ${description}`,
    {
      cost: heavy ? "heavy" : "model",
    },
  );
}

function search(body: Record<string, unknown>, expect: Expectation, description: string, heavy = false): Draft {
  return post(
    "POST /v1/search",
    "/v1/search",
    heavy ? "heavy" : "model",
    json(body),
    expect,
    `search: ${description}`,
    {
      cost: heavy ? "heavy" : "model",
    },
  );
}

const userTurn = (content: unknown) => ({ role: "user", content });

/** Valid requests that run the model once each; all should succeed. */
export function modelRequests(context: HostileContext): Draft[] {
  const lm = context.languageModelId;
  const chatBody = (extra: Record<string, unknown>) => () =>
    json({ model: "recall-then-retrieve@world", messages: [userTurn(question)], ...extra });
  return [
    ask({ question: known, strategy: "closed-book" }, success, "closed-book, no corpus"),
    ask({ question, corpus: "world", strategy: "always-retrieve" }, success, "always-retrieve on world"),
    ask({ question, corpus: "world", strategy: "recall-then-retrieve" }, success, "recall-then-retrieve on world"),
    ask({ question, corpus: "world", stream: true }, success, "stream"),
    ask({ question, corpus: "world", strategy: "flare", trace: true }, success, "flare with trace"),
    ask({ question, corpus: "world", strategy: "hyde", mode: "dense" }, success, "hyde, dense"),
    ask({ question, corpus: "world", strategy: "ircot", mode: "full-text" }, success, "ircot, full-text"),
    ask(
      { question, corpus: "world", instructions: hostileText },
      success,
      "instructions with NUL, SQL and a lone surrogate",
    ),
    ask(
      { question: `Where was Treisnos\u0000 Bemtond born?\ud800`, corpus: "world" },
      success,
      "question with NUL and a lone surrogate",
    ),
    ask({ question: `${question}' OR 1=1 --`, corpus: "world" }, success, "question with SQL injection"),
    ask(
      { question, experiment: context.experiment, user: "../../etc/passwd" },
      anyStatus,
      "through the run's experiment",
    ),
    ask({ question, corpus: "world", user: "u".repeat(256), mode: "dense" }, success, "256-character user"),
    chat(chatBody({}), success, "recall-then-retrieve@world"),
    chat(chatBody({ stream: true, stream_options: { include_usage: true } }), success, "stream with usage"),
    chat(chatBody({ logprobs: true, top_logprobs: 5 }), success, "logprobs, top 5"),
    chat(
      () =>
        json({
          model: "always-retrieve@world",
          messages: [
            userTurn("Tell me about Treisnos Bemtond."),
            { role: "assistant", content: "Treisnos Bemtond is a potter." },
            userTurn("Where was he born?"),
          ],
        }),
      success,
      "pronoun resolved from the conversation",
    ),
    chat(
      () =>
        json({
          model: "always-retrieve@world",
          messages: [{ role: "system", content: hostileText }, userTurn(question)],
        }),
      success,
      "hostile system message",
    ),
    chat(
      () => json({ model: "always-retrieve@world", messages: [userTurn(`${question}\ud800\u0000`)] }),
      success,
      "user text with a lone surrogate and NUL",
    ),
    chat(
      chatBody({
        tools: [{ type: "function", function: { name: "x" } }],
        temperature: 2,
        max_tokens: 4096,
        response_format: { type: "json_object" },
      }),
      success,
      "OpenAI fields Recall ignores (tools, temperature 2, max_tokens 4096, response_format)",
    ),
    chat(chatBody({ n: 64 }), anyStatus, "n 64 (ignored, or over limits.samples)"),
    chat(
      () => json({ model: "experiment:", messages: [userTurn(question)] }),
      clientError(400, 404),
      'model "experiment:" (no name)',
    ),
    chat(
      () => json({ model: `experiment:${context.experiment}`, user: "user-7", messages: [userTurn(question)] }),
      anyStatus,
      "the run's experiment",
    ),
    chat(
      () =>
        json({
          model: "closed-book",
          messages: [
            userTurn([
              { type: "text", text: known },
              { type: "image_url", image_url: { url: "file:///etc/passwd" } },
            ]),
          ],
        }),
      success,
      "closed-book, content parts",
    ),
    completion({ model: lm, prompt: "Treisnos Bemtond was born in", max_tokens: 8 }, success, "8 tokens"),
    completion(
      { model: lm, prompt: "Treisnos Bemtond was born in Seske.", max_tokens: 0, echo: true, logprobs: 0 },
      success,
      "echo scoring",
    ),
    completion(
      { model: lm, prompt: "Treisnos Bemtond was born in", max_tokens: 4, logprobs: 20 },
      success,
      "logprobs 20",
    ),
    completion(
      { model: lm, prompt: "Treisnos Bemtond", max_tokens: 8, n: 4, stop: ["\n", "."], seed: 1 },
      success,
      "n 4, stop, seed",
    ),
    completion(
      { model: lm, prompt: "Treisnos\u0000 Bemtond\ud800 was born in", max_tokens: 4 },
      success,
      "prompt with NUL and a lone surrogate",
    ),
    completion({ model: lm, prompt: "", max_tokens: 4 }, anyStatus, "empty prompt"),
    completion({ model: lm, prompt: "", max_tokens: 0, echo: true, logprobs: 1 }, anyStatus, "echo of an empty prompt"),
    completion(
      { model: lm, prompt: "Where", max_tokens: 4, temperature: 0, top_p: 0.0001 },
      success,
      "temperature 0, top_p 0.0001",
    ),
    embed(() => ({ model: "world", input: "Treisnos Bemtond" }), success, "one string"),
    embed(
      () => ({ model: "world", input: Array.from({ length: 16 }, (_, index) => `text ${index}`) }),
      success,
      "16 strings",
    ),
    embed(
      () => ({ model: "world", input: ["Treisnos"], encoding_format: "base64", input_type: "query" }),
      success,
      "base64, query",
    ),
    embed(() => ({ model: "world", input: ["\u0000", "\ud800", "' OR 1=1 --"] }), success, "NUL, lone surrogate, SQL"),
    search({ query: question, corpus: "world", rerank: true, k: 5 }, success, "rerank"),
    search(
      { query: question, corpus: "world", rerank: { candidates: 5 }, mode: "dense", k: 5 },
      success,
      "rerank 5 candidates, dense",
    ),
  ];
}

/** Heavy requests at and past the documented limits (README "Limits"); the ones past them should be 4xx. */
export function heavyRequests(context: HostileContext): Draft[] {
  const lm = context.languageModelId;
  const tooBig = clientError(400, 413);
  const turns = (count: number, make: (index: number) => unknown) =>
    Array.from({ length: count }, (_, index) => make(index));
  return [
    chat(
      () => json({ model: "recall-then-retrieve@world", messages: turns(10_000, () => userTurn(question)) }),
      tooBig,
      "10,000 user messages",
      true,
    ),
    chat(
      () =>
        json({
          model: "always-retrieve@world",
          messages: [
            ...turns(9_999, (index) =>
              index % 2 === 0
                ? userTurn("Tell me about Treisnos Bemtond.")
                : { role: "assistant", content: "Treisnos Bemtond is a potter." },
            ),
            userTurn("Where was she born?"),
          ],
        }),
      tooBig,
      "10,000 alternating messages, pronoun last",
      true,
    ),
    chat(
      () =>
        json({
          model: "closed-book",
          messages: [...turns(9_999, () => ({ role: "system", content: "Be brief." })), userTurn(known)],
        }),
      tooBig,
      "9,999 system messages and one user",
      true,
    ),
    chat(
      () => json({ model: "closed-book", stream: true, messages: turns(10_000, () => userTurn(known)) }),
      tooBig,
      "10,000 messages, stream",
      true,
    ),
    chat(
      () => json({ model: "closed-book", messages: [userTurn(`${"Treisnos Bemtond ".repeat(50_000)}?`)] }),
      tooBig,
      "one 850 KB user message",
      true,
    ),
    completion({ model: lm, prompt: "Treisnos", n: 64, max_tokens: 4096 }, tooBig, "n=64, max_tokens=4096", true),
    completion({ model: lm, prompt: "Treisnos", n: 64, max_tokens: 16 }, tooBig, "n=64, max_tokens=16", true),
    completion({ model: lm, prompt: "Treisnos", n: 1, max_tokens: 4096 }, tooBig, "max_tokens=4096", true),
    completion(
      {
        model: lm,
        prompt: "Treisnos Bemtond was born in Seske. ".repeat(3_000),
        max_tokens: 0,
        echo: true,
        logprobs: 0,
      },
      tooBig,
      "echo a 108,000-character prompt",
      true,
    ),
    completion(
      { model: lm, prompt: "Treisnos Bemtond was born in Seske. ".repeat(800), max_tokens: 1 },
      anyStatus,
      "28,800-character prompt, 1 token",
      true,
    ),
    embed(
      () => ({ model: "world", input: turns(2_048, (index) => `Treisnos ${index}`) }),
      tooBig,
      "2,048 short inputs",
      true,
    ),
    embed(
      () => ({ model: "world", input: turns(2_048, () => "Treisnos Bemtond ".repeat(24)) }),
      tooBig,
      "2,048 inputs of 400 characters",
      true,
    ),
    embed(
      () => ({ model: "world", input: "Treisnos Bemtond ".repeat(30_000) }),
      tooBig,
      "one 510,000-character input",
      true,
    ),
    embed(
      () => ({ model: "world", input: turns(256, () => "Treisnos Bemtond ".repeat(6)) }),
      success,
      "256 inputs (the limit)",
      true,
    ),
    search(
      { query: question, corpus: "world", k: 200, rerank: { candidates: 1000 } },
      clientError(400),
      "k 200, rerank 1,000 candidates",
      true,
    ),
    search(
      { query: question, corpus: "world", k: 100, rerank: { candidates: 200 } },
      success,
      "k 100, rerank 200 candidates (the limits)",
      true,
    ),
    ask(
      {
        question,
        corpus: "world",
        strategy: "recall-then-retrieve",
        params: { samples: 16, maxSteps: 8, maxRetrievals: 8 },
      },
      success,
      "samples 16, maxSteps 8, maxRetrievals 8",
      true,
    ),
    ask(
      { question: `${"Treisnos Bemtond ".repeat(233)}born?`, corpus: "world", instructions: "Be brief. ".repeat(400) },
      anyStatus,
      "4,000-character question and instructions",
      true,
    ),
    ask({ question, corpus: "world", stream: true, params: { samples: 16 } }, success, "stream, samples 16", true),
  ];
}
