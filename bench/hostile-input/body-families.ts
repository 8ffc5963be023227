/**
 * Payload families that change a route's JSON body: not JSON, cut short, wrong types, missing and extra fields,
 * hostile strings in string fields, deep nesting and huge bodies.
 */
import type { SeededRandom } from "../../src/util/seeded-random.ts";
import { type Draft, type Family, post, shown } from "./draft.ts";
import { anyStatus, clientError, type Expectation, success } from "./hostile-request.ts";
import {
  filterKeys,
  hostileStrings,
  hugeString,
  nestedArrays,
  nestedObjects,
  oddCharacters,
  pathTraversals,
  sqlInjections,
} from "./hostile-strings.ts";
import {
  type Fields,
  invalidJsonBodies,
  json,
  objectText,
  type PostRoute,
  postRoutes,
  wrongValues,
} from "./route-bodies.ts";

/** Routes whose probe can succeed once changed (search reads "world"; an experiment without a corpus is created). */
const probeMaySucceed = new Set(["POST /v1/search", "POST /v1/experiments"]);

function expectFor(route: PostRoute): Expectation {
  return probeMaySucceed.has(route.route) ? anyStatus : clientError();
}

function withField(fields: Fields, key: string, value: string): Fields {
  return fields.some(([name]) => name === key)
    ? fields.map(([name, old]) => [name, name === key ? value : old] as const)
    : [...fields, [key, value] as const];
}

function bodyOf(route: PostRoute, fields: Fields, family: string, expect: Expectation, description: string): Draft {
  return post(route.route, route.path, family, objectText(fields), expect, `${route.route}: ${description}`);
}

export const invalidJson: Family = (random) => {
  const route = random.pick(postRoutes);
  const body = random.pick(invalidJsonBodies);
  return post(route.route, route.path, "invalid-json", body, clientError(400), `${route.route}: body ${shown(body)}`);
};

export const truncatedJson: Family = (random) => {
  const route = random.pick(postRoutes);
  // Non-ASCII text so that some cuts land inside a UTF-8 sequence.
  const fields = withField(route.probe, route.stringFields[0] ?? "x", json("Treisnos Bemtönd 😀 born?"));
  const bytes = Buffer.from(objectText(fields));
  const cut = random.integer(1, bytes.length - 1);
  return post(
    route.route,
    route.path,
    "truncated-json",
    new Uint8Array(bytes.subarray(0, cut)),
    clientError(400),
    `${route.route}: probe body cut after ${cut} of ${bytes.length} bytes`,
  );
};

export const wrongType: Family = (random) => {
  const route = random.pick(postRoutes);
  const [field] = random.pick(route.probe);
  const value = random.chance(0.8) ? random.pick(wrongValues) : json(random.pick(hostileStrings));
  return bodyOf(
    route,
    withField(route.probe, field, value),
    "wrong-type",
    expectFor(route),
    `${field} = ${shown(value)}`,
  );
};

export const missingFields: Family = (random) => {
  const route = random.pick(postRoutes);
  // The ask probe fails on its strategy and on its corpus: keep one of them, so that the model never runs.
  const needed = route.route === "POST /v1/ask" ? random.pick(["strategy", "corpus"]) : undefined;
  const kept = route.probe.filter(([name]) => name === needed || random.chance(0.5));
  const removed = route.probe.filter((field) => !kept.includes(field)).map(([name]) => name);
  return bodyOf(route, kept, "missing-fields", expectFor(route), `without ${removed.join(", ") || "nothing"}`);
};

export const extraFields: Family = (random) => {
  const route = random.pick(postRoutes);
  const key = random.pick([...filterKeys, "extra", "", "x".repeat(300), "questions", "Corpus"]);
  const value = random.pick(['"x"', "1", "null", '{"polluted":true}', "[]"]);
  const probeFails = !probeMaySucceed.has(route.route);
  return bodyOf(
    route,
    [...route.probe, [key, value]],
    "extra-fields",
    probeFails || route.route === "POST /v1/search" ? clientError() : anyStatus,
    `extra field ${shown(key)} = ${value}`,
  );
};

/** A string field of a route set to one of `values` (the family names the kind of value). */
function hostileStringIn(family: string, values: readonly string[]): Family {
  return (random) => {
    const route = random.pick(postRoutes);
    const field = random.pick(route.stringFields);
    const value = random.pick(values);
    const free = route.route === "POST /v1/search" && (field === "query" || field === "embedText");
    return bodyOf(
      route,
      withField(route.probe, field, json(value)),
      family,
      free ? anyStatus : clientError(),
      `${field} = ${shown(value)}`,
    );
  };
}

export const sqlInjection = hostileStringIn("sql-injection", sqlInjections);
export const nulAndSurrogates = hostileStringIn("nul-and-surrogates", oddCharacters);
export const pathTraversalInBody = hostileStringIn("path-traversal", pathTraversals);

const depths = [1_000, 10_000, 10_000, 100_000, 100_000] as const;

/** Where a deeply nested value goes: the whole body, a field, or a nested spot a schema might not check. */
function nestedPlacement(random: SeededRandom, nested: string): { route: PostRoute; fields: Fields; where: string } {
  const route = random.pick(postRoutes);
  const spots: { route: string; key: string; value: string; extra?: Fields }[] = [
    { route: "POST /v1/ask", key: "params", value: `{"reward":${nested}}` },
    { route: "POST /v1/ask", key: "params", value: `{"deep":${nested}}` },
    { route: "POST /v1/search", key: "filter", value: `{"metadata":{"a":${nested}}}` },
    { route: "POST /v1/chat/completions", key: "messages", value: `[{"role":"user","content":${nested}}]` },
    { route: "POST /v1/embeddings", key: "input", value: nested },
    {
      route: "POST /v1/experiments",
      key: "variants",
      value: `[{"name":"control","strategy":"always-retrieve","params":{"deep":${nested}}},{"name":"loop","strategy":"closed-book"}]`,
      extra: [["corpus", json("world")]],
    },
  ];
  if (random.chance(0.4)) {
    const [field] = random.pick(route.probe);
    return { route, fields: withField(route.probe, field, nested), where: field };
  }
  const spot = random.pick(spots);
  const target = postRoutes.find((candidate) => candidate.route === spot.route) ?? route;
  let fields = withField(target.probe, spot.key, spot.value);
  for (const [key, value] of spot.extra ?? []) fields = withField(fields, key, value);
  if (target.route === "POST /v1/experiments")
    fields = withField(fields, "name", json(`deep-${random.integer(0, 1e9)}`));
  return { route: target, fields, where: `${spot.key} (${spot.value.slice(0, 24)}…)` };
}

export const deepNesting: Family = (random, context) => {
  const depth = random.pick(depths);
  const arrays = random.chance(0.5);
  const nested = arrays ? nestedArrays(depth) : nestedObjects(depth);
  const shape = `${arrays ? "arrays" : "objects"} ${depth} deep`;
  if (random.chance(0.2)) {
    const route = random.pick(postRoutes);
    return post(
      route.route,
      route.path,
      "deep-nesting",
      nested,
      clientError(400, 413),
      `${route.route}: body is ${shape}`,
    );
  }
  const { route, fields, where } = nestedPlacement(random, nested);
  const text = objectText(fields);
  const expect = Buffer.byteLength(text) > context.bodyLimit ? clientError(413) : clientError(400, 404, 413);
  return post(route.route, route.path, "deep-nesting", text, expect, `${route.route}: ${where} = ${shape}`);
};

/** Bodies over the limit (413 before they are read whole), and just under it. */
export const hugeBody: Family = (random, context) => {
  const route = random.pick(postRoutes);
  const field = random.pick(route.stringFields);
  const roll = random.next();
  const size =
    roll < 0.1
      ? 10 * 1024 * 1024
      : roll < 0.5
        ? 2 * 1024 * 1024
        : roll < 0.7
          ? context.bodyLimit + 1
          : context.bodyLimit - 4096;
  const over = size > context.bodyLimit;
  const chunked = over && random.chance(0.25);
  const unit = random.pick(["a", "é", "\u0000", "😀", " "]);
  // Over the limit: the string alone is `size` bytes. Under it: 4 KB to spare for the other fields.
  const body = () => objectText(withField(route.probe, field, hugeString(size, unit)));
  return post(
    route.route,
    route.path,
    "huge-body",
    body,
    over
      ? clientError(413)
      : route.route === "POST /v1/search" && field === "corpus"
        ? clientError()
        : expectFor(route),
    `${route.route}: ${field} of about ${size} bytes of ${shown(unit)}${chunked ? ", chunked" : ""}`,
    chunked ? { chunked: true } : {},
  );
};

/** A valid strategy with hostile parameters; the corpus does not exist, so nothing runs even if they pass. */
export const strategyParameters: Family = (random) => {
  const strategy = random.pick(["closed-book", "always-retrieve", "hyde", "flare", "ircot", "recall-then-retrieve"]);
  const params = random.pick([
    '{"samples":1000000000}',
    '{"samples":-1}',
    '{"samples":1e999}',
    '{"samples":"4"}',
    '{"maxSteps":1000000}',
    '{"reward":"all"}',
    '{"reward":{"confidence":"yes"}}',
    '{"unknown":1}',
    '{"__proto__":{"samples":64}}',
    '{"constructor":{"prototype":{"samples":64}}}',
    '{"calibration":{"bias":"x"}}',
    '{"seed":-1}',
    '{"temperature":1e308}',
    '{"query":"../../etc/passwd"}',
    "{}",
  ]);
  const route = postRoutes[0] as PostRoute;
  const fields = withField(withField(route.probe, "strategy", json(strategy)), "params", params);
  return bodyOf(route, fields, "strategy-parameters", clientError(), `strategy ${strategy}, params ${params}`);
};

/** Filters meant to escape their quoted literals; a correct server matches nothing and answers 200. */
export const filterInjection: Family = (random) => {
  const values = [...hostileStrings];
  const conditions: string[] = [];
  const pickList = () => json(Array.from({ length: random.integer(1, 3) }, () => random.pick(values)));
  if (random.chance(0.4)) conditions.push(`"documentIds":${pickList()}`);
  if (random.chance(0.4)) conditions.push(`"titles":${pickList()}`);
  if (random.chance(0.4)) conditions.push(`"uriPrefix":${json(random.pick(values))}`);
  let reserved = false;
  if (conditions.length === 0 || random.chance(0.4)) {
    const key = random.pick(filterKeys);
    reserved = key === "__proto__" || key === "constructor" || key === "prototype";
    const value = random.pick([json(random.pick(values)), "1", "true", "0"]);
    conditions.push(`"metadata":{${json(key)}:${value}}`);
  }
  const filter = `{${conditions.join(",")}}`;
  const mode = random.pick(["dense", "full-text", "hybrid"]);
  const body = objectText([
    ["query", json("Treisnos Bemtond")],
    ["corpus", json("world")],
    ["mode", json(mode)],
    ["filter", filter],
  ]);
  return post(
    "POST /v1/search",
    "/v1/search",
    "filter-injection",
    body,
    // A key that could change the objects the server builds may be refused (400); anything else must just match.
    reserved ? anyStatus : success,
    `${mode} search, filter ${filter.slice(0, 160)}`,
  );
};

/** Filter shapes at and past their bounds. */
export const filterBounds: Family = (random) => {
  const many = (count: number) => json(Array.from({ length: count }, (_, index) => `doc-${index}`));
  const cases: [string, string, boolean][] = [
    ['{"documentIds":[]}', "empty documentIds", false],
    [`{"documentIds":${many(1000)}}`, "1000 documentIds", true],
    [`{"documentIds":${many(1001)}}`, "1001 documentIds", false],
    [`{"titles":${many(1000)}}`, "1000 titles", true],
    ['{"titles":[1,2]}', "numeric titles", false],
    ['{"uriPrefix":""}', "empty uriPrefix", false],
    ['{"metadata":{"":"x"}}', "empty metadata key", false],
    ['{"metadata":{"a":null}}', "null metadata value", false],
    ['{"metadata":{"a":{"b":1}}}', "object metadata value", false],
    ['{"where":"1=1"}', "unknown filter key where", false],
    ['{"documentIds":"person-000.md"}', "documentIds as a string", false],
    ["[]", "filter as an array", false],
    ['"document_id IS NOT NULL"', "filter as a string", false],
  ];
  const [filter, description, valid] = random.pick(cases);
  const body = objectText([
    ["query", json("Treisnos Bemtond")],
    ["corpus", json("world")],
    ["mode", json(random.pick(["dense", "full-text", "hybrid"]))],
    ["filter", filter],
  ]);
  return post("POST /v1/search", "/v1/search", "filter-bounds", body, valid ? success : clientError(400), description);
};

/** Queries a full-text parser could read as syntax; a search must still answer (200). */
export const querySyntax: Family = (random) => {
  const query = random.pick([...hostileStrings, "Treisnos Bemtond"]);
  const mode = random.pick(["dense", "full-text", "hybrid"]);
  const usable = query.trim().length > 0;
  const fields: Fields = [
    ["query", json(query)],
    ["corpus", json("world")],
    ["mode", json(mode)],
    ["k", String(random.integer(1, 20))],
    ...(random.chance(0.2) ? ([["embedText", json(random.pick(hostileStrings))]] as const) : []),
  ];
  return post(
    "POST /v1/search",
    "/v1/search",
    "query-syntax",
    objectText(fields),
    usable ? success : clientError(400),
    `${mode} search for ${shown(query)}`,
  );
};
