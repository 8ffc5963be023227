/**
 * One request of a hostile-input run, as data: the bench sends it over a socket, the in-process test through
 * `app.request`. Bodies are built on demand (`body()`), so that a 10 MB body exists only while it is sent.
 */

/** Who the request claims to be. `full`: a key with every scope; `other-corpus`: a key for a corpus it does not name. */
export type Credential = "full" | "none" | "wrong" | "other-corpus" | "malformed";

/**
 * What the request costs the server if it is accepted: `cheap` (validation, SQL, one search), `model` (one ask or a
 * short generation), `heavy` (a large but bounded amount of model work). Runs keep `model` and `heavy` few.
 */
export type Cost = "cheap" | "model" | "heavy";

/** What a correct server answers: success, a client error (exactly one of `statuses` when given), or either. */
export type Expectation =
  | { readonly kind: "success" }
  | { readonly kind: "client-error"; readonly statuses?: readonly number[] }
  | { readonly kind: "any" };

export interface HostileRequest {
  /** Position in the generated list (stable for a seed). */
  readonly index: number;
  /** The payload family, e.g. "invalid-json", "deep-nesting". */
  readonly family: string;
  /** The route template it targets ("POST /v1/ask", "GET /v1/experiments/:name") or "unknown route". */
  readonly route: string;
  readonly method: string;
  /** Path and query, already percent-encoded. */
  readonly path: string;
  /** Headers besides authorization (content-type included when the family sets one). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, built when sent; undefined for none. */
  readonly body?: () => string | Uint8Array;
  /** Send the body with chunked transfer encoding (no content-length). */
  readonly chunked?: boolean;
  readonly credential: Credential;
  readonly cost: Cost;
  readonly expect: Expectation;
  /** What the request is, in a few words, for reports. */
  readonly description: string;
}

/** A client error, optionally one of the given statuses. */
export function clientError(...statuses: number[]): Expectation {
  return statuses.length === 0 ? { kind: "client-error" } : { kind: "client-error", statuses };
}

export const success: Expectation = { kind: "success" };
export const anyStatus: Expectation = { kind: "any" };

/** Whether a status meets an expectation (5xx never does). */
export function meetsExpectation(status: number, expectation: Expectation): boolean {
  if (status >= 500) return false;
  if (expectation.kind === "any") return true;
  if (expectation.kind === "success") return status >= 200 && status < 300;
  if (status < 400) return false;
  return expectation.statuses === undefined || expectation.statuses.includes(status);
}

/** The first characters of a body, printable, with its length: what a report shows of a request. */
export function bodyPreview(request: HostileRequest, characters = 240): string {
  if (!request.body) return "(no body)";
  const body = request.body();
  const text = typeof body === "string" ? body : Buffer.from(body.subarray(0, characters * 2)).toString("latin1");
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  const shown = JSON.stringify(text.slice(0, characters)).slice(1, -1);
  return `${shown}${text.length > characters ? "…" : ""} (${length} bytes)`;
}
