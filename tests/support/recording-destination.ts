import { z } from "zod";

const recordSchema = z.record(z.string(), z.unknown());

/** A log destination (what pino writes to) that keeps every line, for a test to read. */
export class RecordingDestination {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  /** Everything written, as one text. */
  text(): string {
    return this.lines.join("");
  }

  /** Every line as its JSON object; a write that is not one object on one line fails. */
  records(): Record<string, unknown>[] {
    return this.lines.map((line) => {
      if (!line.endsWith("\n") || line.slice(0, -1).includes("\n")) throw new Error(`not one line: ${line}`);
      return recordSchema.parse(JSON.parse(line));
    });
  }

  /** The request log's lines (`"msg": "request"`). */
  requests(): Record<string, unknown>[] {
    return this.records().filter((record) => record.msg === "request");
  }
}
