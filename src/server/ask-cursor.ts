import { z } from "zod";
import type { AskPosition } from "../db/ask-records.ts";

const positionSchema = z.tuple([z.string().min(1).max(64), z.string().min(1).max(256)]);

/** Where a page of GET /v1/asks ends, as the opaque `next` a client passes back as `before`. */
export function encodeAskCursor(position: AskPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString("base64url");
}

/** The `before` parameter of GET /v1/asks: a cursor `encodeAskCursor` made, read back as the position it holds. */
export const askCursorParameter = z
  .string()
  .max(512)
  .transform((cursor, context): AskPosition => {
    const position = positionSchema.safeParse(parseJson(Buffer.from(cursor, "base64url").toString("utf8")));
    if (position.success) return { createdAt: position.data[0], id: position.data[1] };
    context.addIssue({
      code: "custom",
      message: 'is not a cursor this server gave: send the "next" of the page before',
    });
    return z.NEVER;
  });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
