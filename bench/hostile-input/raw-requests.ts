/**
 * Requests fetch cannot send, written byte for byte on a socket: lying content-lengths, broken chunking, raw
 * traversal in the request target, NUL and invalid UTF-8 in the request line, oversized headers, pipelining.
 */
import { connect } from "node:net";
import { clientError, type Expectation } from "./hostile-request.ts";

export interface RawRequest {
  readonly description: string;
  readonly route: string;
  /** The bytes to send, given the host:port. */
  readonly bytes: (host: string) => Buffer;
  /** Close our side right after sending (the server sees the body end early). */
  readonly endAfterSend?: boolean;
  /**
   * A second request on the same connection `afterMs` later. The outcome is then the second answer's status: a
   * connection the server keeps alive must answer it, and one it means to close must say "Connection: close" first.
   */
  readonly followUp?: { readonly afterMs: number; readonly bytes: (host: string) => Buffer };
  readonly expect: Expectation;
}

export interface RawOutcome {
  readonly request: RawRequest;
  /** The first status code the server sent, or what happened instead. */
  readonly status: number | "no-response" | "network-error";
  readonly milliseconds: number;
  readonly response: string;
}

const search = '{"query":"Treisnos","corpus":"world"}';
const lines = (...parts: string[]) => Buffer.from(parts.join("\r\n"), "latin1");

/** The raw cases; `key` is sent as a bearer token when the server has keys. */
export function rawRequests(key: string | undefined): RawRequest[] {
  const auth = key === undefined ? [] : [`Authorization: Bearer ${key}`];
  const postSearch = (headers: string[], body: string) => (host: string) =>
    lines(
      "POST /v1/search HTTP/1.1",
      `Host: ${host}`,
      ...auth,
      "Content-Type: application/json",
      "Connection: close",
      ...headers,
      "",
      body,
    );
  /** A POST that leaves the connection open for a second request. */
  const keepAlivePost = (contentType: string, body: string) => (host: string) =>
    lines(
      "POST /v1/search HTTP/1.1",
      `Host: ${host}`,
      ...auth,
      `Content-Type: ${contentType}`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      "",
      body,
    );
  const get =
    (target: string, extra: string[] = []) =>
    (host: string) =>
      lines(`GET ${target} HTTP/1.1`, `Host: ${host}`, ...auth, ...extra, "Connection: close", "", "");
  return [
    {
      description: "content-length larger than the body, then end",
      route: "POST /v1/search",
      bytes: postSearch([`Content-Length: ${search.length + 50}`], search),
      endAfterSend: true,
      expect: clientError(),
    },
    {
      description: "content-length 20,000,000 with a small body",
      route: "POST /v1/search",
      bytes: postSearch(["Content-Length: 20000000"], search),
      endAfterSend: true,
      expect: clientError(413),
    },
    {
      description: "content-length not a number",
      route: "POST /v1/search",
      bytes: postSearch(["Content-Length: abc"], search),
      expect: clientError(400),
    },
    {
      description: "content-length negative",
      route: "POST /v1/search",
      bytes: postSearch(["Content-Length: -1"], search),
      expect: clientError(400),
    },
    {
      description: "two different content-lengths",
      route: "POST /v1/search",
      bytes: postSearch(["Content-Length: 5", `Content-Length: ${search.length}`], search),
      expect: clientError(400),
    },
    {
      description: "content-length and chunked together",
      route: "POST /v1/search",
      bytes: postSearch(["Transfer-Encoding: chunked", `Content-Length: ${search.length}`], search),
      expect: clientError(400),
    },
    {
      description: "chunked with a bad chunk size",
      route: "POST /v1/search",
      bytes: postSearch(["Transfer-Encoding: chunked"], "zz\r\nxx\r\n0\r\n\r\n"),
      expect: clientError(400),
    },
    {
      description: "chunked, 3 MB declared in one chunk, then end",
      route: "POST /v1/search",
      bytes: postSearch(["Transfer-Encoding: chunked"], `300000\r\n${"a".repeat(1000)}`),
      endAfterSend: true,
      expect: clientError(),
    },
    {
      description: "raw ../ in the experiment path",
      route: "GET /v1/experiments/:name",
      bytes: get("/v1/experiments/../../../etc/passwd"),
      expect: clientError(400, 404),
    },
    {
      description: "raw ../ to the results route",
      route: "GET /v1/experiments/:name/results",
      bytes: get("/v1/experiments/..%2f..%2fetc/../results"),
      expect: clientError(400, 404),
    },
    {
      description: "NUL byte in the request target",
      route: "unknown route",
      bytes: get("/v1/experiments/a\u0000b"),
      expect: clientError(400, 404),
    },
    {
      description: "invalid UTF-8 in the request target",
      route: "GET /v1/experiments/:name",
      bytes: get("/v1/experiments/\u00ff\u00fe\u00c0"),
      expect: clientError(400, 404),
    },
    {
      description: "absolute-form request target",
      route: "GET /v1/corpora",
      bytes: get("http://evil.example/v1/corpora"),
      expect: { kind: "any" },
    },
    {
      description: "asterisk request target",
      route: "unknown route",
      bytes: (host) => lines("OPTIONS * HTTP/1.1", `Host: ${host}`, "Connection: close", "", ""),
      expect: { kind: "any" },
    },
    {
      description: "HTTP/1.0 without a host",
      route: "GET /healthz",
      bytes: () => lines("GET /healthz HTTP/1.0", "", ""),
      expect: { kind: "success" },
    },
    {
      description: "a 40 KB header",
      route: "GET /v1/corpora",
      bytes: get("/v1/corpora", [`X-Big: ${"x".repeat(40_000)}`]),
      expect: clientError(431),
    },
    {
      description: "3,000 headers",
      route: "GET /v1/corpora",
      bytes: get(
        "/v1/corpora",
        Array.from({ length: 3000 }, (_, index) => `X-H${index}: 1`),
      ),
      expect: { kind: "any" },
    },
    {
      description: "header name with a space",
      route: "GET /v1/corpora",
      bytes: get("/v1/corpora", ["Bad Header: 1"]),
      expect: clientError(400),
    },
    {
      description: "unknown method BREW",
      route: "unknown route",
      bytes: (host) => lines("BREW /v1/ask HTTP/1.1", `Host: ${host}`, "Connection: close", "", ""),
      expect: clientError(),
    },
    {
      description: "two pipelined requests",
      route: "GET /healthz",
      bytes: (host) => Buffer.concat([lines("GET /healthz HTTP/1.1", `Host: ${host}`, "", ""), get("/healthz")(host)]),
      expect: { kind: "success" },
    },
    {
      description: "2 MB body refused (413), the connection closed as the answer says (Connection: close)",
      route: "POST /v1/search",
      bytes: keepAlivePost("application/json", JSON.stringify({ query: "x".repeat(2_000_000), corpus: "world" })),
      expect: { kind: "any" },
    },
    {
      description: "200 KB text/plain body refused (415), the connection closed as the answer says (Connection: close)",
      route: "POST /v1/search",
      bytes: keepAlivePost("text/plain", JSON.stringify({ query: "x".repeat(200_000), corpus: "world" })),
      expect: { kind: "any" },
    },
    {
      description: "20 KB body refused (415), the connection closed as the answer says (Connection: close)",
      route: "POST /v1/search",
      bytes: keepAlivePost("text/plain", JSON.stringify({ query: "x".repeat(20_000), corpus: "world" })),
      expect: { kind: "any" },
    },
    {
      description: "headers sent, never finished, then end",
      route: "GET /v1/corpora",
      bytes: (host) => lines("GET /v1/corpora HTTP/1.1", `Host: ${host}`, "X-Slow: 1"),
      endAfterSend: true,
      expect: { kind: "any" },
    },
  ];
}

/** Sends one raw request and reads until the server closes, an answer is complete, or `timeoutMs` passes. */
export function sendRaw(host: string, port: number, request: RawRequest, timeoutMs = 5000): Promise<RawOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect({ host, port });
    const finish = (status?: RawOutcome["status"]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const response = Buffer.concat(chunks).toString("latin1");
      const codes = [...response.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((match) => Number(match[1]));
      const closing = /\r\nconnection: close\r\n/i.test(response.split("\r\n\r\n")[0] ?? "");
      // With a follow-up, the status is the second answer's (or the first's when it announced the close).
      const code = request.followUp && !closing ? codes[1] : codes[0];
      resolve({
        request,
        status: code === undefined ? (status ?? "no-response") : code,
        milliseconds: performance.now() - started,
        response: response.slice(0, 600),
      });
    };
    const timer = setTimeout(() => finish(), timeoutMs);
    socket.on("connect", () => {
      socket.write(request.bytes(`${host}:${port}`));
      if (request.endAfterSend) socket.end();
      const followUp = request.followUp;
      if (followUp)
        setTimeout(() => {
          if (!settled && socket.writable) socket.write(followUp.bytes(`${host}:${port}`));
        }, followUp.afterMs);
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => finish());
    socket.on("close", () => finish());
    socket.on("error", () => finish("network-error"));
  });
}
