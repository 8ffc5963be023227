import type { ReferentKind } from "./conversation-referents.ts";

interface PredicateCue {
  readonly pattern: RegExp;
  readonly kinds: readonly ReferentKind[];
}

/** The first cue a question matches names the kinds it asks about. */
const predicateCues: readonly PredicateCue[] = [
  { pattern: /\b(?:who founded|found(?:ed)? by|founders?|set up|started by)\b/i, kinds: ["organisation"] },
  {
    pattern:
      /\b(?:born|birth\w*|married|marry|wife|husband|died|death|job|profession|occupation|for a living|employer|work(?:s|ed)? for|children|parents)\b/i,
    kinds: ["person"],
  },
  {
    pattern:
      /\b(?:based|headquarter\w*|head office|industry|business|employ(?:s|ees)?|staff|products?|makes?|sells?|publish\w*)\b/i,
    kinds: ["organisation"],
  },
  {
    pattern: /\b(?:rivers?|regions?|lies?|stands?|located|population|mayor|capital|country|inhabitants)\b/i,
    kinds: ["place"],
  },
  { pattern: /\bfounded\b/i, kinds: ["organisation", "place"] },
];

/**
 * The kinds of thing a question's predicate asks about: "Where was he born?" a person, "Who founded it?" or "Where is
 * it based?" an organisation, "Which river does it stand on?" a place, "When was it founded?" either of the last two.
 * Empty when the predicate says nothing of it ("Tell me more about her.").
 */
export function wantedKinds(question: string): readonly ReferentKind[] {
  return predicateCues.find((cue) => cue.pattern.test(question))?.kinds ?? [];
}
