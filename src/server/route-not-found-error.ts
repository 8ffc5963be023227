import { RecallError } from "../errors/recall-error.ts";

/** A method and path that no route serves. */
export class RouteNotFoundError extends RecallError {
  override readonly name = "RouteNotFoundError";
  readonly code = "not_found";
  readonly status = 404;

  constructor(
    readonly method: string,
    readonly path: string,
  ) {
    super(`No route ${method} ${path.slice(0, 200)}. See the README for the API.`);
  }
}
