import { useApi } from "../api/use-api.ts";
import { numberText } from "../components/number-text.ts";
import type { CorpusSummary } from "./corpus-api.ts";

function plural(count: number, noun: string): string {
  return `${numberText(count)} ${noun}${count === 1 ? "" : "s"}`;
}

/** A corpus's counts and embedding model in a line, read once (give it a new `key` to read them again). */
export function CorpusFacts(props: { corpus: string }) {
  const corpora = useApi<{ corpora: CorpusSummary[] }>("/v1/corpora");
  const corpus = corpora.data?.corpora.find((candidate) => candidate.name === props.corpus);
  if (!corpus) return null;
  return (
    <p class="muted">
      {plural(corpus.documents, "indexed document")}, {plural(corpus.chunks, "chunk")} · embedding model{" "}
      <span class="wrap-anywhere">{corpus.model}</span> ({corpus.dimensions} dimensions)
    </p>
  );
}
