/** A request being answered: the signal its work should watch, and `end`, to call once its response is over. */
export interface InFlightRequest {
  /** Aborts when the request's own signal does (its client left) or when the server aborts it (`abortAll`). */
  readonly signal: AbortSignal;
  end(): void;
}

/**
 * The requests a server is answering, for a graceful shutdown: once `drain` is called new requests are refused,
 * `idle` tells when the last one has ended, and `abortAll` aborts those that did not end in time.
 */
export class InFlightRequests {
  private readonly controllers = new Set<AbortController>();
  private waiters: (() => void)[] = [];
  private isDraining = false;

  /** How many requests are in flight. */
  get size(): number {
    return this.controllers.size;
  }

  /** Whether the server is draining: it refuses new requests and waits for these. */
  get draining(): boolean {
    return this.isDraining;
  }

  /** Starts tracking a request whose own abort signal is `requestSignal`. */
  begin(requestSignal: AbortSignal): InFlightRequest {
    const controller = new AbortController();
    const abort = (): void => controller.abort(requestSignal.reason);
    if (requestSignal.aborted) abort();
    else requestSignal.addEventListener("abort", abort, { once: true });
    this.controllers.add(controller);
    let ended = false;
    return {
      signal: controller.signal,
      end: () => {
        if (ended) return;
        ended = true;
        requestSignal.removeEventListener("abort", abort);
        this.controllers.delete(controller);
        if (this.controllers.size === 0) this.wake();
      },
    };
  }

  /** From now on, new requests are refused. */
  drain(): void {
    this.isDraining = true;
  }

  /** Resolves once no request is in flight (at once when none is). */
  idle(): Promise<void> {
    if (this.controllers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Aborts every request in flight with `reason` (their work sees it through their signal); returns how many. */
  abortAll(reason: unknown): number {
    const running = [...this.controllers];
    for (const controller of running) controller.abort(reason);
    return running.length;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
