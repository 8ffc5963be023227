/**
 * A strategy of GET /v1/strategies: its name, what it does, and its parameters as JSON Schema, defaults included
 * (the route builds it from each strategy's schema; the console reads only these parts of it).
 */
export interface StrategyInfo {
  readonly name: string;
  readonly description: string;
  readonly parameters: {
    readonly properties?: Readonly<Record<string, { readonly default?: unknown; readonly type?: string }>>;
  };
}
