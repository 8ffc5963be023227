import { Hono } from "hono";
import type { ExperimentRecord } from "../../db/experiment-records.ts";
import { experimentDefinitionSchema } from "../../experiments/experiment-definition.ts";
import {
  changeExperiment,
  createExperiment,
  type ExperimentAction,
  getExperiment,
  listExperiments,
} from "../../experiments/experiment-lifecycle.ts";
import { experimentResults } from "../../experiments/experiment-results.ts";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";

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
  return new Hono()
    .post("/v1/experiments", async (context) => {
      const definition = await parseJsonBody(context.req.raw, experimentDefinitionSchema);
      return context.json(publicExperiment(await createExperiment(db, definition)), 201);
    })
    .get("/v1/experiments", async (context) =>
      context.json({ experiments: (await listExperiments(db)).map(publicExperiment) }),
    )
    .get("/v1/experiments/:name/results", async (context) => {
      const { answers: _answers, ...results } = await experimentResults(
        db,
        await getExperiment(db, context.req.param("name")),
      );
      return context.json(results);
    })
    .get("/v1/experiments/:name", async (context) =>
      context.json(publicExperiment(await getExperiment(db, context.req.param("name")))),
    )
    .post("/v1/experiments/:name/:action{pause|resume|stop}", async (context) => {
      const action = context.req.param("action") as ExperimentAction;
      return context.json(publicExperiment(await changeExperiment(db, context.req.param("name"), action)));
    });
}
