/**
 * Work on corpora in this process, one task at a time per corpus, in the order it was asked for: a second upload
 * waits behind the first instead of being refused by the corpus's lease. Corpora do not wait for each other.
 */
export class CorpusQueues {
  private readonly queues = new Map<string, { ids: string[]; tail: Promise<void> }>();
  private readonly running = new Set<Promise<void>>();

  /** Runs `task` once the corpus's earlier tasks are done; settles as it does. */
  enqueue<T>(corpus: string, id: string, task: () => Promise<T>): Promise<T> {
    const queue = this.queues.get(corpus) ?? { ids: [], tail: Promise.resolve() };
    this.queues.set(corpus, queue);
    queue.ids.push(id);
    const result = queue.tail.then(task);
    const done = result.then(
      () => undefined,
      () => undefined,
    );
    queue.tail = done;
    this.running.add(done);
    void done.then(() => {
      this.running.delete(done);
      queue.ids.splice(queue.ids.indexOf(id), 1);
      if (queue.ids.length === 0 && this.queues.get(corpus) === queue) this.queues.delete(corpus);
    });
    return result;
  }

  /** The id of the task that runs on the corpus, or is next; undefined when the corpus is free. */
  first(corpus: string): string | undefined {
    return this.queues.get(corpus)?.ids[0];
  }

  /** Resolves once every task queued so far is done. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}
