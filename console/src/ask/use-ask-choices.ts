import { useApi } from "../api/use-api.ts";

/** A strategy as GET /v1/strategies lists it (its parameters' schema is not used here). */
export interface StrategySummary {
  readonly name: string;
  readonly description: string;
}

/** A corpus as GET /v1/corpora lists it. */
export interface CorpusSummary {
  readonly name: string;
  readonly documents: number;
}

/** The strategy an ask takes unless another is chosen: the server's default. */
export const preferredStrategy = "recall-then-retrieve";

/** The strategy compared with the first one unless another is chosen: the plain retrieve-then-answer baseline. */
export const preferredComparison = "always-retrieve";

/** What the Ask form offers: the server's strategies and the corpora the key may use. */
export function useAskChoices() {
  const strategies = useApi<{ strategies: StrategySummary[] }>("/v1/strategies");
  const corpora = useApi<{ corpora: CorpusSummary[] }>("/v1/corpora");
  return {
    strategies: strategies.data?.strategies,
    corpora: corpora.data?.corpora,
    error: strategies.error ?? corpora.error,
  };
}

/** `preferred` when it is offered, else the first offered name. */
export function defaultName(names: readonly string[], preferred: string): string | undefined {
  return names.includes(preferred) ? preferred : names[0];
}
