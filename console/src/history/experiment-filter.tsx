import { ApiError } from "../api/api-error.ts";
import { useApi } from "../api/use-api.ts";
import { ExperimentNameField } from "./experiment-name-field.tsx";
import { FilterSelect } from "./filter-select.tsx";

/** An experiment as GET /v1/experiments lists it, as far as the filter needs. */
interface ExperimentChoice {
  readonly name: string;
  readonly variants: readonly { readonly name: string }[];
}

function unlisted(error: unknown): string {
  return error instanceof ApiError && error.status === 403
    ? "This key may not list experiments: type one's name."
    : "The experiments could not be listed: type one's name.";
}

/**
 * The experiment filter, and the variant filter once an experiment is chosen: choices from the server's experiments,
 * or a free-text name where the key may not list them. A new experiment clears the variant.
 */
export function ExperimentFilter(props: {
  experiment: string;
  variant: string;
  onChange: (experiment: string, variant: string) => void;
}) {
  const listed = useApi<{ experiments: ExperimentChoice[] }>("/v1/experiments");
  const experiments = listed.data?.experiments;
  if (experiments === undefined && listed.error !== undefined)
    return (
      <ExperimentNameField
        value={props.experiment}
        note={unlisted(listed.error)}
        onChange={(name) => props.onChange(name, "")}
      />
    );
  const chosen = experiments?.find((experiment) => experiment.name === props.experiment);
  return (
    <>
      <FilterSelect
        label="Experiment"
        value={props.experiment}
        disabled={experiments === undefined}
        choices={[
          { value: "", text: "Any or none" },
          ...(experiments ?? []).map((experiment) => ({ value: experiment.name, text: experiment.name })),
        ]}
        onChange={(name) => props.onChange(name, "")}
      />
      {chosen && (
        <FilterSelect
          label="Variant"
          value={props.variant}
          choices={[
            { value: "", text: "Any variant" },
            ...chosen.variants.map((variant) => ({ value: variant.name, text: variant.name })),
          ]}
          onChange={(variant) => props.onChange(props.experiment, variant)}
        />
      )}
    </>
  );
}
