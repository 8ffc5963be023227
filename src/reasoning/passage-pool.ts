import type { Passage } from "../../retrievers/passage.ts";
import type { PassageRef } from "./trace-events.ts";

/** The passages in hand during one answer, numbered in the order they arrived ("Passage [n]" in the prompt). */
export class PassagePool {
  private readonly passages: Passage[] = [];

  /** Adds the passages not yet in hand (by chunk id), at most `limit` in all; returns how many were new. */
  add(found: readonly Passage[], limit = Number.POSITIVE_INFINITY): number {
    let added = 0;
    for (const passage of found) {
      if (this.passages.length >= limit) break;
      if (this.passages.some((held) => held.chunkId === passage.chunkId)) continue;
      this.passages.push(passage);
      added++;
    }
    return added;
  }

  get size(): number {
    return this.passages.length;
  }

  texts(): string[] {
    return this.passages.map((passage) => passage.text);
  }

  /** The passage printed as "Passage [number]". */
  at(number: number): Passage | undefined {
    return this.passages[number - 1];
  }

  refs(found: readonly Passage[] = this.passages): PassageRef[] {
    return found.map((passage) => ({
      number: this.passages.findIndex((held) => held.chunkId === passage.chunkId) + 1,
      chunkId: passage.chunkId,
      documentId: passage.documentId,
      title: passage.title,
      text: passage.text,
      uri: passage.uri,
      start: passage.start,
      end: passage.end,
      score: passage.score,
    }));
  }
}
