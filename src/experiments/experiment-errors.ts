import { RecallError } from "../errors/recall-error.ts";

export class ExperimentNotFoundError extends RecallError {
  override readonly name = "ExperimentNotFoundError";
  readonly code = "experiment_not_found";
  readonly status = 404;

  constructor(name: string) {
    super(`There is no experiment named "${name}". List them with GET /v1/experiments or \`recall experiments list\`.`);
  }
}

export class ExperimentExistsError extends RecallError {
  override readonly name = "ExperimentExistsError";
  readonly code = "experiment_exists";
  readonly status = 409;

  constructor(name: string) {
    super(`An experiment named "${name}" already exists. Choose another name, or stop it and read its results.`);
  }
}

/** An experiment ask without the user or session key that makes its assignment sticky. */
export class MissingSubjectKeyError extends RecallError {
  override readonly name = "MissingSubjectKeyError";
  readonly code = "missing_user";
  readonly status = 400;

  constructor() {
    super(
      'Asking through an experiment needs a user or session key: send "user" (the same key always gets the same variant).',
    );
  }
}

/** Pausing or resuming a stopped experiment: its results are final. */
export class ExperimentStoppedError extends RecallError {
  override readonly name = "ExperimentStoppedError";
  readonly code = "experiment_stopped";
  readonly status = 409;

  constructor(name: string) {
    super(`The experiment "${name}" is stopped and its results are final; create a new experiment to test again.`);
  }
}

export class InvalidExperimentError extends RecallError {
  override readonly name = "InvalidExperimentError";
  readonly code = "invalid_experiment";
  readonly status = 400;
}
