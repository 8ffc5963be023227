/**
 * The layers, lowest first. A module may import its own layer and the layers below it, never one above; layers on
 * one line are peers that do not import each other (indexers write corpora, retrievers read them).
 * `npm test` runs this check (npm run boundaries) before the tests.
 */
const layers = [
  ["src/errors", "src/util", "src/logging", "src/observability", "src/text", "src/statistics"],
  ["src/models", "src/db", "src/store", "src/world"],
  ["indexers", "retrievers"],
  ["src/reasoning"],
  ["src/strategies"],
  ["src/evaluation"],
  ["src/experiments"],
  ["src/config"],
  ["src/app"],
  ["src/server"],
  ["src/cli"],
];

const pattern = (folders) => `^(${folders.map((folder) => folder.replace("/", "\\/")).join("|")})\\/`;

const upward = layers.flatMap((level, index) => {
  const above = layers.slice(index + 1).flat();
  if (above.length === 0) return [];
  return level.map((folder) => ({
    name: `no-upward-import-from-${folder.replace("/", "-")}`,
    comment: `${folder} sits below ${above.join(", ")} and may not import them.`,
    severity: "error",
    from: { path: pattern([folder]) },
    to: { path: pattern(above) },
  }));
});

const peers = layers.flatMap((level) =>
  level.includes("indexers")
    ? level.map((folder) => ({
        name: `no-peer-import-from-${folder.replace("/", "-")}`,
        comment: `${folder} and ${level.filter((other) => other !== folder).join(", ")} are peers.`,
        severity: "error",
        from: { path: pattern([folder]) },
        to: { path: pattern(level.filter((other) => other !== folder)) },
      }))
    : [],
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    ...peers,
    {
      name: "server-through-app",
      comment:
        "Routes reach stores, indexers and retrievers only through the application (src/app); types, and the " +
        "schemas of what a request may send, are fine.",
      severity: "error",
      from: { path: "^src/server/" },
      to: {
        path: "^(src/db|src/store|indexers|retrievers)/",
        pathNot: "^retrievers/passage-filter\\.ts$",
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "console-over-http",
      comment:
        "The web console runs in a browser and reaches Recall only through its HTTP API; it may share the API's " +
        "types (type-only imports), never its code.",
      severity: "error",
      from: { path: "^console/" },
      to: { path: "^(src|indexers|retrievers)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^(src|indexers|retrievers|console)/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
