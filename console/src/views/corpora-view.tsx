import { CorpusDetail } from "../corpora/corpus-detail.tsx";
import { CorpusList } from "../corpora/corpus-list.tsx";
import { CreateCorpusForm } from "../corpora/create-corpus-form.tsx";

/** Corpora: their documents and failures, uploads, and a search playground (`#/corpora/{name}`); else the list. */
export function CorporaView(props: { detail: string | undefined }) {
  if (props.detail !== undefined) return <CorpusDetail key={props.detail} corpus={props.detail} />;
  return (
    <section aria-labelledby="corpora-title">
      <h1 id="corpora-title" tabIndex={-1}>
        Corpora
      </h1>
      <CorpusList />
      <CreateCorpusForm />
    </section>
  );
}
