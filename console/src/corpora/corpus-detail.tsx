import { useCallback, useState } from "preact/hooks";
import { routeHref } from "../routing.ts";
import { CorpusFacts } from "./corpus-facts.tsx";
import { DocumentList } from "./document-list.tsx";
import { FailureList } from "./failure-list.tsx";
import { SearchPlayground } from "./search-playground.tsx";
import { UploadForm } from "./upload-form.tsx";
import { useCorpora } from "./use-corpora.ts";

/**
 * One corpus: uploads into it, its counts, documents and failures (read again after each upload), and a search
 * playground.
 */
export function CorpusDetail(props: { corpus: string }) {
  const [version, setVersion] = useState(0);
  const corpora = useCorpora();
  const { refresh } = corpora;
  const onIndexed = useCallback(() => {
    setVersion((current) => current + 1);
    refresh();
  }, [refresh]);
  return (
    <section aria-labelledby="corpus-title">
      <p class="breadcrumb">
        <a href={routeHref("corpora")}>All corpora</a>
      </p>
      <h1 id="corpus-title" tabIndex={-1}>
        Corpus <span class="wrap-anywhere">{props.corpus}</span>
      </h1>
      <CorpusFacts corpus={corpora.corpora?.find((corpus) => corpus.name === props.corpus)} />
      <div class="side-by-side">
        <UploadForm corpus={props.corpus} onIndexed={onIndexed} />
        <SearchPlayground corpus={props.corpus} />
      </div>
      <DocumentList corpus={props.corpus} version={version} />
      <FailureList key={version} corpus={props.corpus} />
    </section>
  );
}
