/**
 * Payload families about names and conversations: hostile experiment names in paths, hostile corpus, model,
 * experiment and ask names where the server looks them up, chat messages without user text, and feedback.
 */
import { bodiless, type Family, post, shown } from "./draft.ts";
import { clientError, success } from "./hostile-request.ts";
import { hostileStrings, oddCharacters, pathSegment, pathTraversals, sqlInjections } from "./hostile-strings.ts";
import { json, objectText, question, twoVariants } from "./route-bodies.ts";

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
      ["variants", json(twoVariants)],
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
