import { type Access, hasScope } from "../../app/access.ts";
import type { RecallApp } from "../../app/recall-app.ts";
import { RecallError } from "../../errors/recall-error.ts";
import { type StrategyName, strategyNames } from "../../strategies/strategies.ts";

/** A model id that names no strategy (and corpus) Recall has. */
export class ModelNotFoundError extends RecallError {
  override readonly name = "ModelNotFoundError";
  readonly code = "model_not_found";
  readonly status = 404;

  constructor(id: string) {
    super(
      `There is no model "${id}". Model ids are a strategy and a corpus, such as "recall-then-retrieve@world", or a strategy alone (no corpus: closed-book); GET /v1/models lists them.`,
    );
  }
}

/** What a chat model id asks for: a strategy (and corpus), or an experiment whose variant decides both. */
export type ChatModel =
  | { readonly strategy: StrategyName; readonly corpus: string | undefined; readonly experiment?: undefined }
  | { readonly experiment: string };

const experimentPrefix = "experiment:";

/**
 * Every model id a frontend can pick: each strategy on each corpus the access may use and the server can search (its
 * embedding model loads here, its table exists), each strategy alone, each running experiment whose corpus is among
 * them; none without the ask scope.
 */
export async function chatModelIds(app: RecallApp, access: Access): Promise<string[]> {
  if (!hasScope(access, "ask")) return [];
  const corpora = (await app.corpora.servable(access)).map((corpus) => corpus.name);
  const running = (await app.experiments.list(access)).filter(
    (experiment) =>
      experiment.status === "running" && (experiment.corpus === null || corpora.includes(experiment.corpus)),
  );
  return [
    ...corpora.flatMap((corpus) => strategyNames.map((strategy) => `${strategy}@${corpus}`)),
    ...strategyNames,
    ...running.map((experiment) => `experiment:${experiment.name}`),
  ];
}

/** Whether an id has the form of a loop model ("strategy@corpus", "strategy", "experiment:NAME"), found or not. */
export function namesLoopModel(id: string): boolean {
  if (id.startsWith(experimentPrefix)) return true;
  const at = id.lastIndexOf("@");
  return strategyNames.includes((at === -1 ? id : id.slice(0, at)) as StrategyName);
}

/** Reads "strategy@corpus", "strategy" or "experiment:NAME"; a corpus must exist (an experiment is checked when asked). */
export async function parseChatModel(app: RecallApp, id: string, access: Access): Promise<ChatModel> {
  if (id.startsWith(experimentPrefix)) return { experiment: id.slice(experimentPrefix.length) };
  const at = id.lastIndexOf("@");
  const strategy = at === -1 ? id : id.slice(0, at);
  const corpus = at === -1 ? undefined : id.slice(at + 1);
  if (!strategyNames.includes(strategy as StrategyName)) throw new ModelNotFoundError(id);
  if (corpus !== undefined && !(await app.corpora.has(corpus, access))) throw new ModelNotFoundError(id);
  return { strategy: strategy as StrategyName, corpus };
}
