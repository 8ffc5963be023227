import { Hono } from "hono";
import type { ExperimentRecord } from "../../db/experiment-records.ts";
import type { ExperimentAction } from "../../experiments/experiment-lifecycle.ts";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

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
 * /v1/experiments: create (POST), list (GET), read (GET /:name), pause, resume or stop (POST /:name/pause …), and
 * delete (DELETE /:name, 204; its asks stay recorded). Creating, changing and deleting one needs the admin scope. A
 * stopped experiment cannot be resumed: its results are final.
 */
export function experimentsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const { app } = dependencies;
  return new Hono<ServerEnv>()
    .post("/v1/experiments", async (context) => {
      const definition: unknown = await parseJsonBody(context.req.raw);
      return context.json(publicExperiment(await app.experiments.create(definition, context.get("access"))), 201);
    })
    .get("/v1/experiments", async (context) =>
      context.json({ experiments: (await app.experiments.list(context.get("access"))).map(publicExperiment) }),
    )
    .get("/v1/experiments/:name/results", async (context) => {
      const { answers: _answers, ...results } = await app.experiments.results(
        context.req.param("name"),
        context.get("access"),
      );
      return context.json(results);
    })
    .get("/v1/experiments/:name", async (context) =>
      context.json(publicExperiment(await app.experiments.get(context.req.param("name"), context.get("access")))),
    )
    .post("/v1/experiments/:name/:action{pause|resume|stop}", async (context) => {
      const action = context.req.param("action") as ExperimentAction;
      return context.json(
        publicExperiment(await app.experiments.change(context.req.param("name"), action, context.get("access"))),
      );
    })
    .delete("/v1/experiments/:name", async (context) => {
      await app.experiments.delete(context.req.param("name"), context.get("access"));
      return context.body(null, 204);
    });
}
