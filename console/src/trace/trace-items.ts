import type { TraceEvent, TraceEventOf } from "./trace-event.ts";

/** The model recalls what it knows: the question, then (once done) its recalled steps and draft answer. */
export interface DraftItem {
  readonly kind: "draft";
  readonly question: string | undefined;
  readonly end: TraceEventOf<"recall-end"> | undefined;
}

/** One round of a step's check: its candidates sampled, then scored and the gate's decision. */
export interface RoundItem {
  readonly kind: "round";
  readonly step: number;
  readonly sample: TraceEventOf<"step-sample"> | undefined;
  readonly reward: TraceEventOf<"step-reward"> | undefined;
}

/** One retrieval: its query, then the passages it found. */
export interface RetrievalItem {
  readonly kind: "retrieval";
  readonly step: number;
  readonly start: TraceEventOf<"retrieve-start"> | undefined;
  readonly end: TraceEventOf<"retrieve-end"> | undefined;
}

/** The answer: its text as it streams, then the decided answer. */
export interface AnswerItem {
  readonly kind: "answer";
  readonly text: string;
  readonly end: TraceEventOf<"answer-end"> | undefined;
}

/** One part of a question answered in parts (a comparison): its question, then (once done) its answer. */
export interface PartItem {
  readonly kind: "part";
  readonly part: number;
  readonly question: string;
  readonly parts: readonly string[];
  readonly answer: TraceEventOf<"part-answer"> | undefined;
}

/** What a trace shows, in the order it happened: events that belong together are folded into one item. */
export type TraceItem = DraftItem | RoundItem | RetrievalItem | AnswerItem | PartItem;

function lastIndex(items: readonly TraceItem[], matches: (item: TraceItem) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index];
    if (item && matches(item)) return index;
  }
  return -1;
}

/** Replaces the last item that `matches` with `update(item)`, or appends `create()` when none does. */
function updateLast<Item extends TraceItem>(
  items: TraceItem[],
  matches: (item: TraceItem) => item is Item,
  update: (item: Item) => Item,
  create: () => Item,
): void {
  const index = lastIndex(items, matches);
  const found = items[index];
  if (found && matches(found)) items[index] = update(found);
  else items.push(create());
}

const openRound =
  (step: number, missing: "sample" | "reward") =>
  (item: TraceItem): item is RoundItem =>
    item.kind === "round" && item.step === step && item[missing] === undefined;

const openRetrieval =
  (step: number) =>
  (item: TraceItem): item is RetrievalItem =>
    item.kind === "retrieval" && item.step === step && item.end === undefined;

const isDraft = (item: TraceItem): item is DraftItem => item.kind === "draft";
const isAnswer = (item: TraceItem): item is AnswerItem => item.kind === "answer";
const isPart =
  (part: number) =>
  (item: TraceItem): item is PartItem =>
    item.kind === "part" && item.part === part;

function fold(items: TraceItem[], event: TraceEvent): void {
  switch (event.type) {
    case "recall-start":
      items.push({ kind: "draft", question: event.question, end: undefined });
      return;
    case "recall-end":
      updateLast(
        items,
        isDraft,
        (item) => ({ ...item, end: event }),
        () => ({ kind: "draft", question: undefined, end: event }),
      );
      return;
    case "step-start":
      items.push({ kind: "round", step: event.step, sample: undefined, reward: undefined });
      return;
    case "step-sample":
      updateLast(
        items,
        openRound(event.step, "sample"),
        (item) => ({ ...item, sample: event }),
        () => ({ kind: "round", step: event.step, sample: event, reward: undefined }),
      );
      return;
    case "step-reward":
      updateLast(
        items,
        openRound(event.step, "reward"),
        (item) => ({ ...item, reward: event }),
        () => ({ kind: "round", step: event.step, sample: undefined, reward: event }),
      );
      return;
    case "retrieve-start":
      items.push({ kind: "retrieval", step: event.step, start: event, end: undefined });
      return;
    case "retrieve-end":
      updateLast(
        items,
        openRetrieval(event.step),
        (item) => ({ ...item, end: event }),
        () => ({ kind: "retrieval", step: event.step, start: undefined, end: event }),
      );
      return;
    case "answer-delta":
      updateLast(
        items,
        isAnswer,
        (item) => ({ ...item, text: item.text + event.text }),
        () => ({ kind: "answer", text: event.text, end: undefined }),
      );
      return;
    case "answer-end":
      updateLast(
        items,
        isAnswer,
        (item) => ({ ...item, text: event.answer, end: event }),
        () => ({ kind: "answer", text: event.answer, end: event }),
      );
      return;
    // Each part opens with its question; its steps and retrievals fold as any step's do, numbered on from the earlier
    // parts'; its answer closes its opening item, and the next part opens.
    case "decomposed": {
      const [first] = event.parts;
      if (first !== undefined)
        items.push({ kind: "part", part: 0, question: first, parts: event.parts, answer: undefined });
      return;
    }
    case "part-answer": {
      let parts: readonly string[] = [event.question];
      updateLast(
        items,
        isPart(event.part),
        (item) => {
          parts = item.parts;
          return { ...item, answer: event };
        },
        () => ({ kind: "part", part: event.part, question: event.question, parts, answer: event }),
      );
      const next = parts[event.part + 1];
      if (next !== undefined)
        items.push({ kind: "part", part: event.part + 1, question: next, parts, answer: undefined });
      return;
    }
  }
}

/**
 * Folds trace events into what a reader follows: the draft, each step's sampling rounds, each retrieval and the
 * answer, in order. Any subset of events folds (strategies emit different ones); unknown events are left out.
 */
export function traceItems(events: readonly TraceEvent[]): TraceItem[] {
  const items: TraceItem[] = [];
  for (const event of events) fold(items, event);
  return items;
}
