import { RecallError } from "../errors/recall-error.ts";
import { alwaysRetrieve } from "./always-retrieve.ts";
import { closedBook } from "./closed-book.ts";
import { flare } from "./flare.ts";
import { hyde } from "./hyde.ts";
import { ircot } from "./ircot.ts";
import { recallThenRetrieve } from "./recall-then-retrieve.ts";
import type { Strategy } from "./strategy.ts";

/** Every strategy by name. */
export const strategies = {
  "closed-book": closedBook,
  "always-retrieve": alwaysRetrieve,
  hyde,
  flare,
  ircot,
  "recall-then-retrieve": recallThenRetrieve,
} as const;

export type StrategyName = keyof typeof strategies;
export const strategyNames = Object.keys(strategies) as StrategyName[];
export const defaultStrategy: StrategyName = "recall-then-retrieve";

export class UnknownStrategyError extends RecallError {
  override readonly name = "UnknownStrategyError";
  readonly code = "unknown_strategy";
  readonly status = 404;

  constructor(name: string) {
    super(`There is no strategy named "${name}". Use one of: ${strategyNames.join(", ")}.`);
  }
}

export class InvalidStrategyParametersError extends RecallError {
  override readonly name = "InvalidStrategyParametersError";
  readonly code = "invalid_strategy_parameters";
  readonly status = 400;
}

/** A strategy with its parameters validated and completed with the defaults. */
export interface ConfiguredStrategy {
  readonly name: StrategyName;
  readonly strategy: Strategy<unknown>;
  readonly parameters: unknown;
}

/**
 * Looks a strategy up and validates its parameters; errors name the strategy, the field and what is allowed.
 * `defaults` (the running model's calibration) fill what the parameters leave out, before the schema's own defaults.
 */
export function configureStrategy(
  name: string,
  parameters: unknown = {},
  defaults: Record<string, unknown> = {},
): ConfiguredStrategy {
  if (!Object.hasOwn(strategies, name)) throw new UnknownStrategyError(name);
  const strategy = strategies[name as StrategyName] as Strategy<unknown>;
  const given = parameters ?? {};
  const isObject = typeof given === "object" && !Array.isArray(given);
  const parsed = strategy.parameters.safeParse(isObject ? { ...defaults, ...given } : given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : "params";
    throw new InvalidStrategyParametersError(
      `Invalid parameter "${field}" for strategy ${name}: ${issue?.message ?? "invalid value"}.`,
    );
  }
  return { name: name as StrategyName, strategy, parameters: parsed.data };
}
