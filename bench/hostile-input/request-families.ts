/**
 * Payload families about everything but a body's fields: content types, methods, unknown routes, headers, hostile
 * names in paths and name fields, chat message shapes, feedback, and the plain valid requests mixed in between.
 */
import { bodiless, type Family, post, shown } from "./draft.ts";
import { anyStatus, clientError, success } from "./hostile-request.ts";
import { hostileStrings, oddCharacters, pathSegment, pathTraversals, sqlInjections } from "./hostile-strings.ts";
import { json, objectText, postRoutes, question } from "./route-bodies.ts";

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
  const expect =
    other === "HEAD" && method === "GET" ? anyStatus : other === "OPTIONS" ? anyStatus : clientError(404, 405);
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

/** Hostile experiment names in the path of every experiment route. */
export const experimentPaths: Family = (random) => {
  const name = random.pick([
    ...pathTraversals,
    ...sqlInjections,
    ...oddCharacters,
    "no-such-experiment",
    "x".repeat(5000),
  ]);
  const segment = pathSegment(name);
  const [method, route, suffix] = random.pick([
    ["GET", "GET /v1/experiments/:name", ""],
    ["GET", "GET /v1/experiments/:name/results", "/results"],
    ["POST", "POST /v1/experiments/:name/:action", "/pause"],
    ["POST", "POST /v1/experiments/:name/:action", "/resume"],
    ["POST", "POST /v1/experiments/:name/:action", "/stop"],
  ] as const);
  const path = `/v1/experiments/${segment}${suffix}`;
  const description = `${route} with name ${shown(name)}`;
  const expect = clientError(400, 404);
  if (method === "GET") return bodiless(method, route, path, "experiment-names", expect, description);
  return post(route, path, "experiment-names", "{}", expect, description);
};

/** Corpus, model, experiment and ask names with traversal, SQL and odd characters where the server looks them up. */
export const hostileNames: Family = (random) => {
  const name = random.pick(hostileStrings);
  const at = random.integer(0, 6);
  const family = "hostile-names";
  const expect = clientError(400, 404);
  const described = (where: string) => `${where} = ${shown(name)}`;
  if (at === 0)
    return post(
      "POST /v1/search",
      "/v1/search",
      family,
      objectText([
        ["query", json(question)],
        ["corpus", json(name)],
      ]),
      expect,
      described("search corpus"),
    );
  if (at === 1)
    return post(
      "POST /v1/ask",
      "/v1/ask",
      family,
      objectText([
        ["question", json(question)],
        ["corpus", json(name)],
        ["strategy", json("always-retrieve")],
      ]),
      expect,
      described("ask corpus (always-retrieve)"),
    );
  if (at === 2)
    return post(
      "POST /v1/embeddings",
      "/v1/embeddings",
      family,
      objectText([
        ["model", json(name)],
        ["input", json("Treisnos")],
      ]),
      expect,
      described("embeddings model"),
    );
  if (at === 3) {
    const model = random.pick([`always-retrieve@${name}`, `experiment:${name}`, name]);
    const body = objectText([
      ["model", json(model)],
      ["messages", json([{ role: "user", content: question }])],
    ]);
    return post("POST /v1/chat/completions", "/v1/chat/completions", family, body, expect, described("chat model"));
  }
  if (at === 4) {
    const body = objectText([
      ["question", json(question)],
      ["experiment", json(name)],
      ["user", json("user-1")],
    ]);
    return post("POST /v1/ask", "/v1/ask", family, body, expect, described("ask experiment"));
  }
  if (at === 5) {
    const body = objectText([
      ["name", json(`names-${random.integer(0, 1e9)}`)],
      ["corpus", json(name)],
      ["variants", json([{ name: "control", strategy: "always-retrieve" }])],
    ]);
    return post("POST /v1/experiments", "/v1/experiments", family, body, expect, described("experiment corpus"));
  }
  return post(
    "POST /v1/feedback",
    "/v1/feedback",
    family,
    objectText([
      ["askId", json(name)],
      ["score", "1"],
    ]),
    expect,
    described("feedback askId"),
  );
};

/** Chat bodies whose messages have no user text (400 before any model work) or a wrong shape. */
export const chatShapes: Family = (random) => {
  const messages = random.pick([
    '[{"role":"system","content":"Answer."}]',
    '[{"role":"assistant","content":"Hello"}]',
    '[{"role":"user","content":null}]',
    '[{"role":"user","content":[]}]',
    '[{"role":"user","content":[{"type":"image_url","image_url":{"url":"file:///etc/passwd"}}]}]',
    '[{"role":"user","content":"   "}]',
    '[{"role":"user","content":[{"type":"text"}]}]',
    '[{"role":"tool","content":"x","tool_call_id":"../../x"}]',
    '[{"role":"root","content":"x"}]',
    '[{"role":"user","content":42}]',
    '[{"content":"no role"}]',
    "[]",
    '"Where was Treisnos Bemtond born?"',
    '{"role":"user","content":"not a list"}',
    "[null]",
    '[{"role":"user","content":[{"type":"text","text":7}]}]',
  ]);
  const model = random.pick(["closed-book", "recall-then-retrieve@world", "always-retrieve@world"]);
  const body = objectText([
    ["model", json(model)],
    ["messages", messages],
  ]);
  return post(
    "POST /v1/chat/completions",
    "/v1/chat/completions",
    "chat-shapes",
    body,
    clientError(400),
    `${model}, messages ${messages.slice(0, 80)}`,
  );
};

/** Feedback on the run's own ask (valid ones succeed), with edge scores and comments. */
export const feedback: Family = (random, context) => {
  const askId = context.askId ?? "hostile-missing-ask";
  const [fields, valid] = random.pick<[string, boolean]>([
    ['"score":1', true],
    ['"score":0', true],
    ['"score":0.5,"correct":false', true],
    [`"comment":${json(random.pick(hostileStrings))}`, true],
    ['"score":1.0001', false],
    ['"score":-0.0001', false],
    ['"score":1e999', false],
    [`"comment":${json("x".repeat(4001))}`, false],
    ['"correct":"yes"', false],
    ["", false],
  ]);
  const body = `{"askId":${json(askId)}${fields === "" ? "" : `,${fields}`}}`;
  const expect = valid && context.askId !== undefined ? success : clientError(400, 404);
  return post(
    "POST /v1/feedback",
    "/v1/feedback",
    "feedback",
    body,
    expect,
    `feedback ${fields.slice(0, 60) || "without a rating"}`,
  );
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
      [
        "variants",
        json([
          { name: "control", strategy: "always-retrieve" },
          { name: "loop", strategy: "recall-then-retrieve" },
        ]),
      ],
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
