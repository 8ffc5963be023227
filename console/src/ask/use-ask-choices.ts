import type { StrategyInfo } from "../api/strategy-info.ts";
import { useApi } from "../api/use-api.ts";
import { useCorpora } from "../corpora/use-corpora.ts";

/** The strategy an ask takes unless another is chosen: the server's default. */
export const preferredStrategy = "recall-then-retrieve";

/** The strategy compared with the first one unless another is chosen: the plain retrieve-then-answer baseline. */
export const preferredComparison = "always-retrieve";

/** What the Ask form offers: the server's strategies and the corpora the key may use. */
export function useAskChoices() {
  const strategies = useApi<{ strategies: StrategyInfo[] }>("/v1/strategies");
  const corpora = useCorpora();
  return {
    strategies: strategies.data?.strategies,
    corpora: corpora.corpora,
    error: strategies.error ?? corpora.error,
  };
}

/** `preferred` when it is offered, else the first offered name. */
export function defaultName(names: readonly string[], preferred: string): string | undefined {
  return names.includes(preferred) ? preferred : names[0];
}
