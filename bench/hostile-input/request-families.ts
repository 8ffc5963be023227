/**
 * Payload families about how a request is framed: content types, methods, unknown routes and headers; and the plain
 * valid requests mixed in between.
 */
import { bodiless, type Family, post, shown } from "./draft.ts";
import { anyStatus, clientError, success } from "./hostile-request.ts";
import { json, objectText, postRoutes, question, twoVariants } from "./route-bodies.ts";

const validSearch = (query = question, mode = "hybrid") =>
  objectText([
    ["query", json(query)],
    ["corpus", json("world")],
    ["k", "3"],
    ["mode", json(mode)],
  ]);

/** Every route as [method, route template, a concrete path]. */
function routes(experiment: string): [string, string, string][] {
  return [
    ["GET", "GET /healthz", "/healthz"],
    ["GET", "GET /v1/models", "/v1/models"],
    ["GET", "GET /v1/corpora", "/v1/corpora"],
    ["GET", "GET /v1/strategies", "/v1/strategies"],
    ["GET", "GET /v1/experiments", "/v1/experiments"],
    ["GET", "GET /v1/experiments/:name", `/v1/experiments/${experiment}`],
    ["GET", "GET /v1/experiments/:name/results", `/v1/experiments/${experiment}/results`],
    ["GET", "GET /v1/asks", "/v1/asks"],
    ["GET", "GET /v1/corpora/:name/failures", "/v1/corpora/world/failures"],
    ...postRoutes.map((route): [string, string, string] => ["POST", route.route, route.path]),
    ["POST", "POST /v1/experiments/:name/:action", `/v1/experiments/${experiment}/pause`],
  ];
}

export const contentTypes: Family = (random) => {
  const [contentType, body, json415] = random.pick<[string | null, string, boolean]>([
    ["text/plain", validSearch(), true],
    ["text/plain;charset=utf-8", validSearch(), true],
    [
      "multipart/form-data; boundary=x",
      `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\nTreisnos\r\n--x--\r\n`,
      true,
    ],
    ["multipart/form-data; boundary=x", validSearch(), true],
    ["application/x-www-form-urlencoded", "query=Treisnos&corpus=world", true],
    ["application/x-www-form-urlencoded", validSearch(), true],
    ["application/xml", "<search><query>Treisnos</query></search>", true],
    [null, validSearch(), true],
    ["", validSearch(), true],
    ["application/json; charset=utf-8", validSearch(), false],
    ["Application/JSON", validSearch(), false],
    ["application/json;charset=UTF-8", validSearch(), false],
    ["application/vnd.api+json", validSearch(), false],
    ["application/json, text/plain", validSearch(), false],
    ["application/octet-stream", validSearch(), true],
  ]);
  const utf16 = random.chance(0.1);
  return post(
    "POST /v1/search",
    "/v1/search",
    "content-type",
    utf16 ? new Uint8Array(Buffer.from(validSearch(), "utf16le")) : body,
    utf16 ? clientError(400, 415) : json415 ? clientError(400, 415) : anyStatus,
    `content-type ${shown(String(contentType))}${utf16 ? ", body in UTF-16LE" : ""}, body ${shown(body, 40)}`,
    { contentType: utf16 ? "application/json; charset=utf-16le" : contentType },
  );
};

export const wrongMethods: Family = (random, context) => {
  const [method, route, path] = random.pick(routes(context.experiment));
  const other = random.pick(
    ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"].filter((name) => name !== method),
  );
  // GET and POST /v1/experiments are both routes; HEAD answers as GET; OPTIONS may be a CORS preflight.
  const shared = path === "/v1/experiments" && (other === "GET" || other === "POST" || other === "HEAD");
  const expect =
    shared || other === "OPTIONS" || (other === "HEAD" && method === "GET") ? anyStatus : clientError(404, 405);
  const description = `${other} on ${route}`;
  if (other === "GET" || other === "HEAD" || other === "OPTIONS")
    return bodiless(other, route, path, "wrong-method", expect, description);
  return { ...post(route, path, "wrong-method", validSearch(), expect, description), method: other };
};

export const unknownRoutes: Family = (random) => {
  const [method, path, ok] = random.pick<[string, string, boolean]>([
    ["GET", "/", false],
    ["GET", "/v1", false],
    ["GET", "/v1/", false],
    ["GET", "/v2/corpora", false],
    ["POST", "/v1/ask/", false],
    ["POST", "/V1/ASK", false],
    ["POST", "/v1//ask", false],
    ["GET", "/v1/corpora/world", false],
    ["DELETE", "/v1/corpora/world", false],
    ["GET", "/v1/experiments/x/y/z", false],
    ["POST", "/v1/experiments/x/delete", false],
    ["GET", "/v1/%00", false],
    ["GET", "/v1/%ED%A0%80", false],
    ["GET", "/v1/%FF%FE", false],
    ["GET", "/%2e%2e/%2e%2e/etc/passwd", false],
    ["GET", "/v1/..%2F..%2Fetc%2Fpasswd", false],
    ["GET", `/v1/${"a".repeat(8000)}`, false],
    ["GET", "/healthz?x=%00&y=%ED%A0%80", true],
    ["GET", "/healthz/", false],
    ["GET", "/v1/corpora?limit=-1&offset=1e999", true],
    ["GET", "/admin", false],
    ["GET", "/.env", false],
    ["GET", "/v1/keys", false],
    ["POST", "/v1/index", false],
  ]);
  const expect = ok ? success : clientError(400, 404, 405);
  if (method === "GET")
    return bodiless(method, "unknown route", path, "unknown-route", expect, `${method} ${path.slice(0, 80)}`);
  return { ...post("unknown route", path, "unknown-route", "{}", expect, `${method} ${path}`), method };
};

export const headerAbuse: Family = (random, context) => {
  const [name, value] = random.pick<[string, string]>([
    ["authorization", "Bearer"],
    ["authorization", "Bearer "],
    ["authorization", "Basic Zm9vOmJhcg=="],
    ["authorization", `Bearer ${"x".repeat(8000)}`],
    ["authorization", "bearer ' OR 1=1 --"],
    ["authorization", "Bearer ../../etc/passwd"],
    ["x-request-id", "../../etc/passwd"],
    ["x-request-id", "a".repeat(2000)],
    ["x-request-id", "<script>alert(1)</script>"],
    ["x-request-id", "id with spaces"],
    ["accept", "text/event-stream"],
    ["accept", "application/xml"],
    ["accept-encoding", "gzip, br, zstd, *;q=0"],
    ["content-encoding", "gzip"],
    ["content-encoding", "br"],
    ["x-forwarded-for", "127.0.0.1, ' OR 1=1 --"],
    ["origin", "http://evil.example"],
    ["cookie", `session=${"x".repeat(4000)}`],
  ]);
  const auth = name === "authorization";
  const expect = auth && context.withKeys ? clientError(401) : anyStatus;
  const description = `header ${name}: ${shown(value, 40)}`;
  if (random.chance(0.5))
    return bodiless("GET", "GET /v1/corpora", "/v1/corpora", "headers", expect, description, { [name]: value });
  return post("POST /v1/search", "/v1/search", "headers", validSearch(), expect, description, {
    headers: { [name]: value },
  });
};

/** Plain valid requests, mixed in: every GET route, searches in each mode, experiments created and changed. */
export const validRequests: Family = (random, context) => {
  const roll = random.integer(0, 9);
  if (roll <= 4) {
    const [, route, path] = random.pick(routes(context.experiment).filter(([method]) => method === "GET"));
    return bodiless("GET", route, path, "valid", success, `${route}`);
  }
  if (roll <= 7) {
    const mode = random.pick(["dense", "full-text", "hybrid"]);
    return post("POST /v1/search", "/v1/search", "valid", validSearch(question, mode), success, `${mode} search`);
  }
  if (roll === 8) {
    const body = objectText([
      ["name", json(`valid-${random.integer(0, 1e9)}`)],
      ["corpus", json("world")],
      ["variants", json(twoVariants)],
    ]);
    return post("POST /v1/experiments", "/v1/experiments", "valid", body, anyStatus, "create an experiment");
  }
  const action = random.pick(["pause", "resume", "stop"]);
  return post(
    "POST /v1/experiments/:name/:action",
    `/v1/experiments/${context.experiment}/${action}`,
    "valid",
    "",
    anyStatus,
    `${action} the run's experiment`,
  );
};
