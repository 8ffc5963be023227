import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { RateLimitedError } from "../request-errors.ts";
import type { ServerEnv } from "../server-env.ts";

export interface RateLimitOptions {
  /** Requests a minute for one key (or one client address); 0 turns the limit off. */
  readonly requestsPerMinute: number;
  /** Buckets kept at most; past it the least recently used is dropped (its client starts afresh). Default 100,000. */
  readonly maxBuckets?: number;
  /** The clock, in milliseconds (tests set it). */
  readonly now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const minute = 60_000;

/**
 * Limits requests a minute per API key, or per client address for requests without one (all such requests share
 * one bucket where the address is unknown, as in `app.request` tests). A token bucket: each client may burst up to
 * `requestsPerMinute` requests, then gets one more every 60 / requestsPerMinute seconds; past that the answer is 429
 * with Retry-After. Mount it after `authenticate`.
 *
 * The buckets live in this process's memory: behind a load balancer each replica counts on its own. Memory is
 * bounded: a bucket idle for a minute is full again, so it is dropped, and at most `maxBuckets` are kept.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<ServerEnv> {
  const { requestsPerMinute, maxBuckets = 100_000, now = Date.now } = options;
  if (!Number.isInteger(requestsPerMinute) || requestsPerMinute < 0)
    throw new RangeError(`rateLimit: requestsPerMinute must be a whole number, 0 or more (got ${requestsPerMinute}).`);
  if (!Number.isInteger(maxBuckets) || maxBuckets < 1)
    throw new RangeError(`rateLimit: maxBuckets must be a whole number, 1 or more (got ${maxBuckets}).`);
  if (requestsPerMinute === 0) return (_context, next) => next();

  const perMillisecond = requestsPerMinute / minute;
  /** In order of last use, oldest first (a Map keeps insertion order; a used bucket is moved to the end). */
  const buckets = new Map<string, Bucket>();

  const forget = (time: number): void => {
    for (const [client, bucket] of buckets) {
      if (time - bucket.updatedAt < minute && buckets.size <= maxBuckets) break;
      buckets.delete(client);
    }
  };

  return async (context, next) => {
    const time = now();
    const client = clientOf(context);
    const bucket = buckets.get(client) ?? { tokens: requestsPerMinute, updatedAt: time };
    buckets.delete(client);
    const elapsed = Math.max(0, time - bucket.updatedAt);
    bucket.tokens = Math.min(requestsPerMinute, bucket.tokens + elapsed * perMillisecond);
    bucket.updatedAt = time;
    buckets.set(client, bucket);
    forget(time);
    if (bucket.tokens < 1)
      throw new RateLimitedError(
        requestsPerMinute,
        Math.max(1, Math.ceil((1 - bucket.tokens) / perMillisecond / 1000)),
      );
    bucket.tokens -= 1;
    await next();
  };
}

/** The bucket a request counts against: its key, else its client's address, else the shared bucket. */
function clientOf(context: Context<ServerEnv>): string {
  const keyId = context.get("access")?.keyId;
  if (keyId) return `key:${keyId}`;
  try {
    const address = getConnInfo(context).remote.address;
    if (address) return `address:${address}`;
  } catch {
    // No socket behind this request (app.request in tests, another runtime): every such request shares a bucket.
  }
  return "address:unknown";
}
