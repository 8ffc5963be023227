import { z } from "zod";
import { configureStrategy } from "../strategies/strategies.ts";

const variantSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "use lower-case letters, digits, - and _"),
    strategy: z.string().min(1),
    params: z.record(z.string(), z.unknown()).default({}),
    /** Share of the traffic, relative to the other variants' weights. */
    weight: z.number().positive().max(1000).default(1),
  })
  .strict();

/** What creating an experiment takes: variants are checked like asks are (strategy and parameters). */
export const experimentDefinitionSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "use lower-case letters, digits, - and _"),
    description: z.string().max(2000).default(""),
    /** The corpus asks retrieve from when they name none. */
    corpus: z.string().min(1).optional(),
    variants: z
      .array(variantSchema)
      .min(2)
      .max(20)
      .refine((variants) => new Set(variants.map((variant) => variant.name)).size === variants.length, {
        message: "variant names must differ",
      })
      .superRefine((variants, context) => {
        variants.forEach((variant, index) => {
          try {
            configureStrategy(variant.strategy, variant.params);
          } catch (error) {
            context.addIssue({ code: "custom", path: [index], message: (error as Error).message });
          }
        });
      }),
  })
  .strict();

export type ExperimentDefinition = z.output<typeof experimentDefinitionSchema>;
