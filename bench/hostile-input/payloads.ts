/**
 * The hostile-input generator: a seeded, reproducible list of requests over every route of the API, mostly cheap
 * rejections, with a few valid and heavy requests mixed in. The bench sends it to a running `recall serve`; the
 * in-process test sends part of it through `app.request`.
 */
import { SeededRandom } from "../../src/util/seeded-random.ts";
import {
  deepNesting,
  extraFields,
  filterBounds,
  filterInjection,
  hugeBody,
  invalidJson,
  missingFields,
  nulAndSurrogates,
  pathTraversalInBody,
  querySyntax,
  sqlInjection,
  strategyParameters,
  truncatedJson,
  wrongType,
} from "./body-families.ts";
import { heavyRequests, modelRequests } from "./costly-requests.ts";
import type { Draft, Family, HostileContext } from "./draft.ts";
import { type Credential, clientError, type HostileRequest } from "./hostile-request.ts";
import { chatShapes, experimentPaths, feedback, hostileNames } from "./name-families.ts";
import { contentTypes, headerAbuse, unknownRoutes, validRequests, wrongMethods } from "./request-families.ts";

export type { HostileContext } from "./draft.ts";

/** Cheap families and how often each is drawn (relative weights). */
const cheapFamilies: readonly [Family, number][] = [
  [invalidJson, 8],
  [truncatedJson, 8],
  [wrongType, 14],
  [missingFields, 5],
  [extraFields, 5],
  [sqlInjection, 5],
  [nulAndSurrogates, 5],
  [pathTraversalInBody, 5],
  [hostileNames, 8],
  [experimentPaths, 5],
  [strategyParameters, 3],
  [deepNesting, 4],
  [filterInjection, 6],
  [filterBounds, 2],
  [querySyntax, 5],
  [contentTypes, 4],
  [wrongMethods, 5],
  [unknownRoutes, 3],
  [headerAbuse, 3],
  [chatShapes, 3],
  [feedback, 2],
  [validRequests, 8],
];

export interface HostileOptions {
  /** How many requests in all (the costly ones included). */
  readonly count: number;
  readonly seed?: number;
  /** Include the valid requests that run the model (a few dozen, each once). */
  readonly model?: boolean;
  /** Include the heavy requests at and past the limits (each once). */
  readonly heavy?: boolean;
  /** Include bodies over the body limit (2 MB and 10 MB). */
  readonly huge?: boolean;
}

/** The share of cheap requests sent with each credential when the server has keys. */
const credentials: readonly [Credential, number][] = [
  ["full", 0.86],
  ["none", 0.04],
  ["wrong", 0.04],
  ["other-corpus", 0.03],
  ["malformed", 0.03],
];

function drawCredential(random: SeededRandom): Credential {
  let roll = random.next();
  for (const [credential, share] of credentials) {
    roll -= share;
    if (roll < 0) return credential;
  }
  return "full";
}

/** What a correct server answers a request sent with this credential. */
function withCredential(
  draft: Draft,
  credential: Credential,
  context: HostileContext,
): Pick<HostileRequest, "credential" | "expect"> {
  const expect = draft.expect;
  if (!context.withKeys || credential === "full" || !draft.path.startsWith("/v1")) return { credential, expect };
  if (credential === "other-corpus") {
    // A key for another corpus (without admin) sees no "world", its experiments or its asks: 403 or 404.
    const touchesWorld = draft.method !== "GET" || draft.path.startsWith("/v1/experiments/");
    if (expect.kind === "success") return { credential, expect: touchesWorld ? clientError(403, 404) : expect };
    if (expect.kind === "client-error" && expect.statuses !== undefined)
      return { credential, expect: clientError(...new Set([...expect.statuses, 403, 404])) };
    return { credential, expect };
  }
  // Without a valid key a route answers 401; a body too large or not JSON may be refused first, and a route that
  // does not exist may answer 404 before authentication.
  return { credential, expect: clientError(401, 404, 405, 413, 415) };
}

function drawFamily(random: SeededRandom, total: number): Family {
  let roll = random.next() * total;
  for (const [family, weight] of cheapFamilies) {
    roll -= weight;
    if (roll < 0) return family;
  }
  return validRequests;
}

/**
 * `count` requests, the same list for the same seed and options. The costly ones come first in the drawing but are
 * shuffled in with the rest, so that a run mixes them with cheap traffic.
 */
export function generateHostileRequests(options: HostileOptions, context: HostileContext): HostileRequest[] {
  const random = new SeededRandom(options.seed ?? 20_250_101);
  const drafts: Draft[] = [
    ...(options.model ? modelRequests(context) : []),
    ...(options.heavy ? heavyRequests(context) : []),
  ];
  // About one request in a hundred is over or near the body limit.
  const huge = options.huge ? Math.ceil(options.count / 100) : 0;
  for (let index = 0; index < huge; index++) drafts.push(hugeBody(random, context));
  const totalWeight = cheapFamilies.reduce((sum, [, weight]) => sum + weight, 0);
  while (drafts.length < options.count) drafts.push(drawFamily(random, totalWeight)(random, context));
  return random.shuffle(drafts).map((draft, index) => {
    const credential = draft.cost === "cheap" ? drawCredential(random) : "full";
    return { ...draft, index, ...withCredential(draft, credential, context) };
  });
}
