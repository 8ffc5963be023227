import type { SeededRandom } from "../../src/util/seeded-random.ts";
import type { Cost, Expectation, HostileRequest } from "./hostile-request.ts";

/** What the generator knows about the server it targets: ids it cannot guess, and what the run set up. */
export interface HostileContext {
  /** The configured language model's id (the only valid `model` of /v1/completions). */
  readonly languageModelId: string;
  /** A running experiment on "world" the run created (pause, resume and stop requests target it). */
  readonly experiment: string;
  /** An ask the run made (feedback on it succeeds). */
  readonly askId?: string | undefined;
  /** Whether the server has API keys: requests without a valid key then expect 401. */
  readonly withKeys: boolean;
  /** The server's body limit in bytes (limits.bodyBytes). */
  readonly bodyLimit: number;
}

/** A request before it has a place in the list and a credential. */
export type Draft = Omit<HostileRequest, "index" | "credential">;

/** Builds one request of a family. */
export type Family = (random: SeededRandom, context: HostileContext) => Draft;

/** A request with a JSON body (content-type application/json unless `contentType` says otherwise; null: none). */
export function post(
  route: string,
  path: string,
  family: string,
  body: string | Uint8Array | (() => string | Uint8Array),
  expect: Expectation,
  description: string,
  options: { contentType?: string | null; cost?: Cost; headers?: Record<string, string>; chunked?: boolean } = {},
): Draft {
  const contentType = options.contentType === undefined ? "application/json" : options.contentType;
  const headers = { ...(contentType === null ? {} : { "content-type": contentType }), ...options.headers };
  return {
    family,
    route,
    method: "POST",
    path,
    headers,
    body: typeof body === "function" ? body : () => body,
    ...(options.chunked ? { chunked: true } : {}),
    cost: options.cost ?? "cheap",
    expect,
    description,
  };
}

/** A request without a body. */
export function bodiless(
  method: string,
  route: string,
  path: string,
  family: string,
  expect: Expectation,
  description: string,
  headers: Record<string, string> = {},
): Draft {
  return { family, route, method, path, headers, cost: "cheap", expect, description };
}

/** A short, printable form of a value for descriptions. */
export function shown(value: string, characters = 60): string {
  const text = JSON.stringify(value.length > characters ? `${value.slice(0, characters)}…` : value);
  return value.length > characters ? `${text} (${value.length} chars)` : text;
}
