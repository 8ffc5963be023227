import { Hono } from "hono";
import {
  type ExperimentRecord,
  findExperiment,
  insertExperiment,
  listExperiments,
  setExperimentStatus,
} from "../../db/experiment-records.ts";
import { experimentDefinitionSchema } from "../../experiments/experiment-definition.ts";
import {
  ExperimentExistsError,
  ExperimentNotFoundError,
  ExperimentStoppedError,
} from "../../experiments/experiment-errors.ts";
import { experimentResults } from "../../experiments/experiment-results.ts";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";

const transitions = { pause: "paused", resume: "running", stop: "stopped" } as const;

function publicExperiment(record: ExperimentRecord) {
  return {
    name: record.name,
    description: record.description,
    corpus: record.corpus,
    status: record.status,
    variants: record.variants,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * /v1/experiments: create (POST), list (GET), read (GET /:name), and pause, resume or stop (POST /:name/pause …).
 * A stopped experiment cannot be resumed: its results are final.
 */
export function experimentsRoute(dependencies: ServerDependencies): Hono {
  const { db } = dependencies;
  const existing = async (name: string): Promise<ExperimentRecord> => {
    const record = await findExperiment(db, name);
    if (!record) throw new ExperimentNotFoundError(name);
    return record;
  };
  return new Hono()
    .post("/v1/experiments", async (context) => {
      const definition = await parseJsonBody(context.req.raw, experimentDefinitionSchema);
      if (await findExperiment(db, definition.name)) throw new ExperimentExistsError(definition.name);
      const record = await insertExperiment(db, {
        name: definition.name,
        description: definition.description,
        corpus: definition.corpus ?? null,
        status: "running",
        variants: definition.variants,
      });
      return context.json(publicExperiment(record), 201);
    })
    .get("/v1/experiments", async (context) =>
      context.json({ experiments: (await listExperiments(db)).map(publicExperiment) }),
    )
    .get("/v1/experiments/:name/results", async (context) =>
      context.json(await experimentResults(db, await existing(context.req.param("name")))),
    )
    .get("/v1/experiments/:name", async (context) =>
      context.json(publicExperiment(await existing(context.req.param("name")))),
    )
    .post("/v1/experiments/:name/:action{pause|resume|stop}", async (context) => {
      const record = await existing(context.req.param("name"));
      const action = context.req.param("action") as keyof typeof transitions;
      if (record.status === "stopped" && action !== "stop") throw new ExperimentStoppedError(record.name);
      await setExperimentStatus(db, record.name, transitions[action]);
      return context.json(publicExperiment(await existing(record.name)));
    });
}
