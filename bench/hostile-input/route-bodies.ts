/**
 * The API's routes as a hostile-input run sees them: each POST route's body as ordered JSON fields, a `probe` that
 * passes the route's schema and then fails cheaply (an unknown corpus, model or ask), and which fields are strings.
 */

/** A JSON object as ordered [key, JSON text] pairs, so that a field can hold text JSON.stringify cannot write. */
export type Fields = ReadonlyArray<readonly [string, string]>;

export const json = (value: unknown): string => JSON.stringify(value);

/** The JSON text of an object given as fields. */
export function objectText(fields: Fields): string {
  return `{${fields.map(([key, value]) => `${json(key)}:${value}`).join(",")}}`;
}

export interface PostRoute {
  /** "POST /v1/ask". */
  readonly route: string;
  readonly path: string;
  readonly probe: Fields;
  /** Fields that take a string (where hostile strings go). */
  readonly stringFields: readonly string[];
}

export const missingCorpus = "hostile-missing-corpus";
/** The fewest variants an experiment takes. */
export const twoVariants = [
  { name: "control", strategy: "always-retrieve" },
  { name: "loop", strategy: "recall-then-retrieve" },
];
export const question = "Where was Treisnos Bemtond born?";

/** POST routes with JSON bodies. The experiment actions read no body and are listed with the path routes. */
export const postRoutes: readonly PostRoute[] = [
  {
    route: "POST /v1/ask",
    path: "/v1/ask",
    // Two independent reasons to fail (an unknown strategy and corpus) so that no single change runs the model.
    probe: [
      ["question", json(question)],
      ["corpus", json(missingCorpus)],
      ["strategy", json("hostile-missing-strategy")],
      ["params", json({})],
      ["mode", json("hybrid")],
      ["user", json("user-1")],
      ["stream", "false"],
      ["trace", "false"],
    ],
    stringFields: ["question", "corpus", "strategy", "mode", "experiment", "user", "instructions"],
  },
  {
    route: "POST /v1/search",
    path: "/v1/search",
    probe: [
      ["query", json(question)],
      ["corpus", json("world")],
      ["k", "3"],
      ["mode", json("full-text")],
    ],
    stringFields: ["query", "corpus", "mode", "embedText"],
  },
  {
    route: "POST /v1/chat/completions",
    path: "/v1/chat/completions",
    probe: [
      ["model", json(`recall-then-retrieve@${missingCorpus}`)],
      ["messages", json([{ role: "user", content: question }])],
      ["stream", "false"],
      ["user", json("user-1")],
    ],
    stringFields: ["model", "user"],
  },
  {
    route: "POST /v1/completions",
    path: "/v1/completions",
    probe: [
      ["model", json("hostile-missing-model")],
      ["prompt", json("Treisnos Bemtond was born in")],
      ["max_tokens", "8"],
      ["n", "1"],
      ["temperature", "0"],
    ],
    stringFields: ["model", "prompt", "stop"],
  },
  {
    route: "POST /v1/embeddings",
    path: "/v1/embeddings",
    probe: [
      ["model", json(missingCorpus)],
      ["input", json(["Treisnos Bemtond"])],
      ["encoding_format", json("float")],
      ["input_type", json("query")],
    ],
    stringFields: ["model", "input", "encoding_format", "input_type"],
  },
  {
    route: "POST /v1/experiments",
    path: "/v1/experiments",
    probe: [
      ["name", json("hostile-probe")],
      ["corpus", json(missingCorpus)],
      ["description", json("probe")],
      ["variants", json(twoVariants)],
    ],
    stringFields: ["name", "corpus", "description"],
  },
  {
    route: "POST /v1/feedback",
    path: "/v1/feedback",
    probe: [
      ["askId", json("hostile-missing-ask")],
      ["score", "1"],
      ["correct", "true"],
      ["comment", json("fine")],
    ],
    stringFields: ["askId", "comment"],
  },
];

/** JSON text that is the wrong type (or an edge value) for most fields. */
export const wrongValues: readonly string[] = [
  "null",
  "0",
  "-1",
  "1.5",
  "-0",
  "1e308",
  "1e999",
  "-1e999",
  "1e-400",
  "9007199254740993",
  "true",
  "false",
  '""',
  '" "',
  '"x"',
  '"1"',
  '"true"',
  "[]",
  "{}",
  "[null]",
  '[""]',
  '["x"]',
  "[1,2,3]",
  '{"a":1}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  json("x".repeat(5000)),
];

/** Bodies that are not JSON, or JSON that is not an object. */
export const invalidJsonBodies: readonly string[] = [
  "",
  " ",
  "{",
  "}",
  "{{}}",
  "[",
  "not json",
  "{'question': 'single quotes'}",
  '{"question": "x",}',
  '{"question": "x" "corpus": "world"}',
  '{question: "x"}',
  '{"question": "x"} trailing',
  '{"question": "x"}{"question": "y"}',
  '{"question": NaN}',
  '{"question": Infinity}',
  '{"question": undefined}',
  '{"question": "x" // comment\n}',
  '{"question": "\\x41"}',
  '{"question": "\\u12"}',
  '{"question": "\\ud800"',
  '{"question": "raw\u0000nul"}',
  '{"question": "raw\nnewline"}',
  "\ufeff{}",
  "null",
  "true",
  "0",
  "-1",
  '"a string"',
  "[]",
  "[{}]",
  "\u0000",
  "\u0000\u0000\u0000\u0000",
  '{"a":1}\u0000',
  "0x10",
  "{}".repeat(1000),
];
