import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { z } from "zod";

const sampleSchema = z.object({
  value: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  buckets: z.record(z.string(), z.string()).optional(),
  count: z.string().optional(),
  sum: z.string().optional(),
});

const familySchema = z.object({
  name: z.string(),
  help: z.string(),
  type: z.string(),
  metrics: z.array(sampleSchema),
});

type Sample = z.output<typeof sampleSchema>;

const parse = (text: string) => z.array(familySchema).parse(parsePrometheusTextFormat(text));

/** A scrape of GET /metrics, read by a real Prometheus text-format parser (a malformed text fails to parse). */
export class PrometheusScrape {
  readonly families: readonly z.output<typeof familySchema>[];

  constructor(private readonly text: string) {
    // The parser drops a last line that has no line feed.
    this.families = parse(text.endsWith("\n") ? text : `${text}\n`);
  }

  /** The family's type (COUNTER, GAUGE, HISTOGRAM…), or undefined when the scrape lacks it. */
  type(name: string): string | undefined {
    return this.families.find((family) => family.name === name)?.type;
  }

  /** A counter's or gauge's samples whose labels include `labels`, summed (0 when there is none). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.matching(name, labels).reduce((total, sample) => total + Number(sample.value ?? 0), 0);
  }

  /**
   * A histogram's observations whose labels include `labels`, counted. The parser folds the series of a labelled
   * histogram into one (it keeps neither their labels nor their counts), so its `_count` series are read apart, as
   * plain samples.
   */
  count(name: string, labels: Record<string, string> = {}): number {
    const series = `${name}_count`;
    const lines = this.text
      .split("\n")
      .filter((line) => line.startsWith(`${series}{`) || line.startsWith(`${series} `));
    return new PrometheusScrape(lines.join("\n")).value(series, labels);
  }

  /** The label sets of a family's samples. */
  labels(name: string): Record<string, string>[] {
    return this.matching(name, {}).map((sample) => sample.labels ?? {});
  }

  private matching(name: string, labels: Record<string, string>): Sample[] {
    const family = this.families.find((candidate) => candidate.name === name);
    return (family?.metrics ?? []).filter((sample) =>
      Object.entries(labels).every(([label, value]) => sample.labels?.[label] === value),
    );
  }
}
