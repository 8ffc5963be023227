import { z } from "zod";
import { InvalidRequestError } from "./request-errors.ts";

/** The most a route's list shows at once, and what it shows when the client does not say. */
export const pageSize = { max: 100, default: 20 } as const;

/** `limit`: a whole number of items, 1 to `pageSize.max`; `pageSize.default` when left out. */
export const limitParameter = z
  .string()
  .regex(/^\d{1,6}$/, "must be a whole number")
  .transform(Number)
  .pipe(z.number().int().min(1).max(pageSize.max))
  .default(pageSize.default);

/** A yes-or-no parameter: `true` or `false`. */
export const booleanParameter = z.enum(["true", "false"]).transform((value) => value === "true");

/**
 * Parses a request's query string with a schema of its parameters, or throws an InvalidRequestError (400) that names
 * the parameter: one the route does not take, one given twice, or one whose value the schema refuses.
 */
export function parseQuery<T extends z.ZodObject>(request: Request, schema: T): z.output<T> {
  const parameters = new URL(request.url).searchParams;
  const known = Object.keys(schema.shape);
  const values: Record<string, string> = {};
  for (const [name, value] of parameters) {
    if (!known.includes(name))
      throw new InvalidRequestError(
        `Unknown query parameter "${clip(name, 40)}": this route takes ${known.join(", ")}.`,
      );
    if (Object.hasOwn(values, name))
      throw new InvalidRequestError(`Query parameter "${name}" is given more than once; give it once.`);
    values[name] = value;
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = issue?.path[0] === undefined ? "query" : String(issue.path[0]);
  throw new InvalidRequestError(`Invalid query parameter "${name}": ${clip(issue?.message ?? "invalid value", 200)}.`);
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}
