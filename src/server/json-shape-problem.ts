/** How deep a request body may nest (objects and arrays); no route needs more than a handful of levels. */
export const maxJsonDepth = 64;

/** What is wrong with a parsed body's shape: a reserved key, or nesting deeper than `maxJsonDepth`. */
export interface JsonShapeProblem {
  readonly kind: "reserved_key" | "too_deep";
  /** Where, as a dotted path with each part cut short ("body" for the top level). */
  readonly path: string;
  readonly key?: string;
}

interface Visit {
  readonly value: object;
  readonly depth: number;
  readonly parent: Visit | undefined;
  readonly key: string;
}

/**
 * Walks a parsed JSON body without recursion (so that no body can overflow the stack) and reports its first problem:
 * a `__proto__` key (which an assignment turns into a prototype change, and which zod silently drops), a
 * `constructor` key holding a `prototype` (the other prototype-pollution shape, refused as fastify's
 * secure-json-parse does), or nesting deeper than `maxDepth`. Undefined when the body is fine.
 */
export function jsonShapeProblem(body: unknown, maxDepth = maxJsonDepth): JsonShapeProblem | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const pending: Visit[] = [{ value: body, depth: 1, parent: undefined, key: "" }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    if (visit.depth > maxDepth) return { kind: "too_deep", path: pathOf(visit) };
    const isArray = Array.isArray(visit.value);
    for (const [key, child] of Object.entries(visit.value)) {
      if (!isArray && isReserved(key, child)) return { kind: "reserved_key", path: pathOf(visit), key };
      if (typeof child === "object" && child !== null)
        pending.push({ value: child, depth: visit.depth + 1, parent: visit, key });
    }
  }
  return undefined;
}

function isReserved(key: string, value: unknown): boolean {
  if (key === "__proto__") return true;
  return key === "constructor" && typeof value === "object" && value !== null && Object.hasOwn(value, "prototype");
}

/** The visit's dotted path, each part cut to 40 characters and the whole to its last 8 parts. */
function pathOf(visit: Visit): string {
  const parts: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) parts.unshift(at.key.slice(0, 40));
  if (parts.length === 0) return "body";
  return parts.length > 8 ? `…${parts.slice(-8).join(".")}` : parts.join(".");
}
