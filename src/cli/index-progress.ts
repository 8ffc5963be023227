import cliProgress from "cli-progress";
import type { IndexProgress } from "../../indexers/index-corpus.ts";

export interface ProgressReporter {
  update(progress: IndexProgress): void;
  stop(): void;
}

/**
 * Shows indexing progress: a progress bar (documents, chunks, chunks/s, ETA) on a terminal, a JSON line every few
 * seconds elsewhere (logs, CI), nothing when quiet. Both go to standard error.
 */
export function createIndexProgress(options: { estimatedDocuments: number; quiet: boolean }): ProgressReporter {
  if (options.quiet) return { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format:
          "{bar} {percentage}% | {value}/{total} documents | {chunks} chunks | {rate} chunks/s | ETA {eta_formatted} | {failed} failed",
        stream: process.stderr,
        etaBuffer: 50,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(options.estimatedDocuments, 1), 0, { chunks: 0, rate: 0, failed: 0 });
    return {
      update: (progress) => {
        if (progress.documents > bar.getTotal()) bar.setTotal(progress.documents);
        bar.update(progress.documents, {
          chunks: progress.embedded,
          rate: Math.round(progress.embedded / Math.max(progress.seconds, 0.001)),
          failed: progress.failed,
        });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update: (progress) => {
      if (progress.seconds - last < 5) return;
      last = progress.seconds;
      const line = {
        event: "index-progress",
        ...progress,
        estimatedDocuments: options.estimatedDocuments,
        chunksPerSecond: Math.round(progress.embedded / Math.max(progress.seconds, 0.001)),
        seconds: Math.round(progress.seconds * 10) / 10,
      };
      process.stderr.write(`${JSON.stringify(line)}\n`);
    },
    stop: () => {},
  };
}
