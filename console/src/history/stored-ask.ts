/**
 * What GET /v1/asks and GET /v1/asks/{id} answer: the server's own types (types only: nothing of the server is
 * bundled), so that the console cannot drift from them.
 */
import type { AskPage as ListedAsks } from "../../../src/app/ask-history.ts";

export type { AskSummary, StoredAsk } from "../../../src/app/ask-views.ts";

/** A page of stored asks, newest first; `next` is the opaque cursor (the route encodes the position) to send as `before`. */
export type AskPage = Omit<ListedAsks, "next"> & { readonly next: string | null };
