import { CreateExperimentForm } from "../experiments/create-experiment-form.tsx";
import { ExperimentDetail } from "../experiments/experiment-detail.tsx";
import { ExperimentList } from "../experiments/experiment-list.tsx";

/** Experiments: create, pause, resume, stop; one's results at `#/experiments/{name}`, else the list. */
export function ExperimentsView(props: { detail: string | undefined }) {
  if (props.detail !== undefined) return <ExperimentDetail key={props.detail} name={props.detail} />;
  return (
    <section aria-labelledby="experiments-title">
      <h1 id="experiments-title" tabIndex={-1}>
        Experiments
      </h1>
      <ExperimentList />
      <CreateExperimentForm />
    </section>
  );
}
