import type { Access } from "../app/access.ts";

/** What middleware leaves on a request's context for the routes. */
export interface ServerEnv {
  Variables: {
    /** The request's id: the client's x-request-id when it sent a usable one, else a new one. */
    requestId: string;
    /** Who is asking and what they may use (set by `authenticate`). */
    access: Access;
    /** The corpus the request works on, where the route knows it (for the request log). */
    corpus: string;
    /** The strategy that answers the request, where the route knows it (for the request log). */
    strategy: string;
  };
}
