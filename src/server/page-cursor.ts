import { z } from "zod";

/**
 * A list's cursor: where a page ends, given to the client as an opaque `next` that it passes back for the page after.
 * `encode` writes the position's parts as JSON in base64url, so that any text (a document id with `&` or `/`, or one
 * thousands of characters long) travels in a query string unchanged; `parameter` reads it back, and refuses anything
 * else (a 400 naming the parameter, through `parseQuery`).
 */
export interface PageCursor<Position> {
  encode(position: Position): string;
  readonly parameter: z.ZodType<Position, string>;
}

/**
 * The longest cursor read: more than any position's parts take (Node refuses a request line and headers over 16 KiB
 * anyway, so a longer one could not arrive).
 */
const maxCursorChars = 16_384;

/**
 * A cursor whose position is written as `toParts` gives its parts and read back by `fromParts`, a schema of that list
 * of parts that builds the position.
 */
export function pageCursor<Position>(
  toParts: (position: Position) => readonly string[],
  fromParts: z.ZodType<Position>,
): PageCursor<Position> {
  return {
    encode: (position) => Buffer.from(JSON.stringify(toParts(position))).toString("base64url"),
    parameter: z
      .string()
      .min(1)
      .max(maxCursorChars)
      .transform((cursor, context): Position => {
        const position = fromParts.safeParse(parseJson(Buffer.from(cursor, "base64url").toString("utf8")));
        if (position.success) return position.data;
        context.addIssue({
          code: "custom",
          message: 'is not a cursor this server gave: send the "next" of the page before',
        });
        return z.NEVER;
      }),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
