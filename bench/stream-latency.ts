/**
 * Stream latency: how soon a streaming client sees something, against how long the whole ask takes. Asks the tiny
 * world's questions (half it knows, half it does not, these from the held-out split) one at a time over a real
 * socket to an in-process server on the bundled models, with `stream: true`, through `/v1/ask` and
 * `/v1/chat/completions`.
 *
 *   npx tsx bench/stream-latency.ts [--asks 20] [--strategy recall-then-retrieve]
 *
 * Per ask, in ms from sending the request: the response's headers; /v1/ask — the first event (ask-start), the first
 * trace event, the answer decided (answer-end) and the end of the stream; chat — the first chunk, the first
 * reasoning_content chunk, the first content chunk and [DONE]. Prints one JSON object: medians, and the median and
 * worst of first event / whole ask (goal: <= 0.2). The first event cannot come before the headers: what it waits for
 * is the request's own path (middleware, validation, preparing the ask), not the loop.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { indexCorpus } from "../indexers/index-corpus.ts";
import { givenModels } from "../src/app/model-set.ts";
import { openWorkspace } from "../src/app/open-workspace.ts";
import { RecallApp } from "../src/app/recall-app.ts";
import { bundledModels, worldFolder } from "../src/config/bundled-models.ts";
import { serverSchema } from "../src/config/config-schema.ts";
import { noopLogger } from "../src/logging/logger.ts";
import { TransformersEmbeddingModel } from "../src/models/transformers/transformers-embedding-model.ts";
import { TransformersLanguageModel } from "../src/models/transformers/transformers-language-model.ts";
import { TransformersReranker } from "../src/models/transformers/transformers-reranker.ts";
import { createApp } from "../src/server/create-app.ts";
import { startServer } from "../src/server/start-server.ts";
import { readQaSet } from "../src/world/qa-sets.ts";
import { serverSentEvents } from "../tests/support/server-sent-events.ts";

const { values } = parseArgs({
  options: {
    asks: { type: "string", default: "20" },
    strategy: { type: "string", default: "recall-then-retrieve" },
  },
});
const askCount = Number(values.asks);
const strategy = values.strategy;

/** Milliseconds since `started` at which each marked moment of one streamed response was first seen. */
type Moments = Record<string, number>;

/** Reads a server-sent event stream, calling `mark` with each event's name (or data) the moment it arrives. */
async function readStream(response: Response, mark: (event: string | undefined, data: string) => void): Promise<void> {
  for await (const { event, data } of serverSentEvents(response)) mark(event, data);
}

async function timeAsk(url: string, question: string): Promise<Moments> {
  const started = performance.now();
  const moments: Moments = {};
  const seen = (name: string) => {
    moments[name] ??= performance.now() - started;
  };
  const response = await fetch(`${url}/v1/ask`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question, corpus: "world", strategy, stream: true }),
  });
  seen("headers");
  await readStream(response, (event) => {
    seen("firstEvent");
    if (event !== "ask-start") seen("firstTraceEvent");
    if (event === "answer-end") seen("answerDecided");
  });
  seen("whole");
  return moments;
}

async function timeChat(url: string, question: string): Promise<Moments> {
  const started = performance.now();
  const moments: Moments = {};
  const seen = (name: string) => {
    moments[name] ??= performance.now() - started;
  };
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: `${strategy}@world`, messages: [{ role: "user", content: question }], stream: true }),
  });
  seen("headers");
  await readStream(response, (_event, data) => {
    seen("firstChunk");
    if (data === "[DONE]") return;
    const delta = (JSON.parse(data) as { choices: { delta: { content?: string; reasoning_content?: string } }[] })
      .choices[0]?.delta;
    if (delta?.reasoning_content) seen("firstReasoning");
    if (delta?.content) seen("firstContent");
  });
  seen("whole");
  return moments;
}

const median = (numbers: readonly number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Medians of each moment, and the first-event / whole-ask ratio's median and worst. */
function summary(runs: readonly Moments[], first: string): Record<string, number> {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run)))];
  const medians = Object.fromEntries(
    names.map((name) => [`${name}Ms`, round(median(runs.flatMap((run) => run[name] ?? [])))]),
  );
  const ratios = runs.map((run) => (run[first] ?? Number.NaN) / (run.whole ?? Number.NaN));
  return {
    ...medians,
    firstOverWholeMedian: round(median(ratios), 3),
    firstOverWholeWorst: round(Math.max(...ratios), 3),
  };
}

const home = await mkdtemp(join(tmpdir(), "recall-stream-latency-"));
const workspace = await openWorkspace({ home });
try {
  const [languageModel, embeddingModel] = await Promise.all([
    TransformersLanguageModel.load(bundledModels.language),
    TransformersEmbeddingModel.load(bundledModels.embedding),
  ]);
  await indexCorpus(
    { db: workspace.db, store: workspace.store },
    { corpus: "world", paths: [join(worldFolder, "corpus")], embeddingModel, chunkSize: 48, overlap: 8 },
  );
  const recall = new RecallApp({
    db: workspace.db,
    store: workspace.store,
    models: givenModels({
      language: languageModel,
      embedding: embeddingModel,
      reranker: () => TransformersReranker.load(bundledModels.reranker),
    }),
    settings: serverSchema.parse({ auth: {}, cors: {}, limits: {}, rateLimit: {} }),
  });
  const server = await startServer(createApp({ app: recall, logger: noopLogger }), { host: "127.0.0.1", port: 0 });
  try {
    const [known, unknown] = await Promise.all([readQaSet(worldFolder, "known"), readQaSet(worldFolder, "unknown")]);
    const half = Math.ceil(askCount / 2);
    const questions = [
      ...known.slice(0, half),
      ...unknown.filter((record) => record.split === "test").slice(0, askCount - half),
    ].map((record) => record.question);
    for (const question of questions.slice(0, 2)) {
      await timeAsk(server.url, question);
      await timeChat(server.url, question);
    }
    const asks: Moments[] = [];
    const chats: Moments[] = [];
    for (const question of questions) {
      asks.push(await timeAsk(server.url, question));
      chats.push(await timeChat(server.url, question));
    }
    console.log(
      JSON.stringify(
        {
          strategy,
          asks: questions.length,
          ask: summary(asks, "firstEvent"),
          askFirstTraceEventOverWhole: round(
            median(asks.map((run) => (run.firstTraceEvent ?? 0) / (run.whole ?? Number.NaN))),
            3,
          ),
          chat: summary(chats, "firstReasoning"),
        },
        null,
        2,
      ),
    );
  } finally {
    await server.close();
  }
} finally {
  workspace.close();
  await rm(home, { recursive: true, force: true });
}
