/** Experiments: create, pause, resume, stop; their results. */
export function ExperimentsView(_props: { detail: string | undefined }) {
  return (
    <section aria-labelledby="experiments-title">
      <h1 id="experiments-title">Experiments</h1>
    </section>
  );
}
