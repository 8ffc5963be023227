/** Corpora: their documents and failures, uploads, and a search playground. */
export function CorporaView(_props: { detail: string | undefined }) {
  return (
    <section aria-labelledby="corpora-title">
      <h1 id="corpora-title">Corpora</h1>
    </section>
  );
}
