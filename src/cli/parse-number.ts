import { InvalidArgumentError } from "commander";

/** Commander parser for options that take a whole number of at least 1. */
export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError(`expected a whole number of at least 1, got "${value}"`);
  return parsed;
}

/** Commander parser for options that take a whole number of at least 0. */
export function parseNonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new InvalidArgumentError(`expected a whole number of at least 0, got "${value}"`);
  return parsed;
}
