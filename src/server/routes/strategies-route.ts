import { Hono } from "hono";
import { z } from "zod";
import { strategies } from "../../strategies/strategies.ts";
import type { ServerEnv } from "../server-env.ts";

/** GET /v1/strategies: every strategy with its description and its parameters as JSON Schema (defaults included). */
export function strategiesRoute(): Hono<ServerEnv> {
  const listed = Object.values(strategies).map((strategy) => ({
    name: strategy.name,
    description: strategy.description,
    parameters: z.toJSONSchema(strategy.parameters, { io: "input" }),
  }));
  return new Hono<ServerEnv>().get("/v1/strategies", (context) => context.json({ strategies: listed }));
}
