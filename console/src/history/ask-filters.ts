/** What an ask came to: any outcome, an answer, an abstention or a failure. */
export const outcomes = ["any", "answered", "abstained", "failed"] as const;
export type Outcome = (typeof outcomes)[number];

/** Which stored asks the History view lists; "" leaves a filter out. */
export interface AskFilters {
  readonly corpus: string;
  readonly strategy: string;
  readonly experiment: string;
  readonly variant: string;
  readonly outcome: Outcome;
}

export const noFilters: AskFilters = { corpus: "", strategy: "", experiment: "", variant: "", outcome: "any" };

/** How many asks a page holds. */
export const askPageSize = 20;

const outcomeQuery: Record<Outcome, Record<string, string>> = {
  any: {},
  answered: { status: "answered", abstained: "false" },
  abstained: { abstained: "true" },
  failed: { status: "failed" },
};

/** The outcome a choice's value names, or any. */
export function outcomeOf(value: string): Outcome {
  return outcomes.find((outcome) => outcome === value) ?? "any";
}

/** GET /v1/asks for the filters (its first page); only the parameters the server knows are sent. */
export function askListPath(filters: AskFilters): string {
  const query = new URLSearchParams();
  for (const name of ["corpus", "strategy", "experiment", "variant"] as const) {
    const value = filters[name].trim();
    if (value !== "") query.set(name, value);
  }
  for (const [name, value] of Object.entries(outcomeQuery[filters.outcome])) query.set(name, value);
  query.set("limit", String(askPageSize));
  return `/v1/asks?${query}`;
}
