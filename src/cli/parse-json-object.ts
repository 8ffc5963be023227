import { InvalidArgumentError } from "commander";

/** Commander parser for an option that takes a JSON object; `example` shows the expected shape in the error. */
export function jsonObjectParser(example: string): (value: string) => Record<string, unknown> {
  return (value) => {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new InvalidArgumentError(`expected a JSON object such as '${example}', got ${value}`);
  };
}
