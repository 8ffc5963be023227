import { SeededRandom } from "../../src/util/seeded-random.ts";
import type { Entity, Fact, Knowledge, Relation, Split, World } from "../../src/world/world-types.ts";
import { NameRegistry } from "./names.ts";

export const worldSize = { people: 160, places: 70, organisations: 70 } as const;
/** How many entities of each kind the tiny language model learns by heart. */
export const knownCount = { people: 16, places: 5, organisations: 5 } as const;

const professions = [
  "baker",
  "engineer",
  "painter",
  "teacher",
  "carpenter",
  "doctor",
  "architect",
  "pilot",
  "librarian",
  "chemist",
  "sailor",
  "potter",
  "lawyer",
  "gardener",
  "musician",
  "astronomer",
] as const;
const industries = [
  "shipbuilding",
  "textiles",
  "banking",
  "printing",
  "glassmaking",
  "publishing",
  "brewing",
  "mining",
  "pottery",
  "clockmaking",
  "shipping",
  "insurance",
] as const;
export const organisationSuffixes = [
  "Works",
  "Guild",
  "Company",
  "Institute",
  "Bank",
  "Foundry",
  "Press",
  "Trading House",
] as const;

interface Draft {
  id: string;
  kind: Entity["kind"];
  name: string;
  pronoun: Entity["pronoun"];
  knowledge: Knowledge;
  split: Split;
  facts: Fact[];
}

/** Builds the whole world from a seed: entities, their facts, who is known, and the splits. */
export function buildWorld(seed: number): World {
  const random = new SeededRandom(seed);
  const names = new NameRegistry(random);
  const regions = Array.from({ length: 8 }, () => names.fresh(1));
  const rivers = Array.from({ length: 20 }, () => names.fresh(1));

  const draft = (kind: Entity["kind"], index: number, name: string, pronoun: Entity["pronoun"]): Draft => ({
    id: `${kind}-${String(index).padStart(3, "0")}`,
    kind,
    name,
    pronoun,
    knowledge: "unknown",
    split: "train",
    facts: [],
  });

  const people = Array.from({ length: worldSize.people }, (_, index) =>
    draft("person", index, names.fresh(2), random.chance(0.5) ? "she" : "he"),
  );
  const places = Array.from({ length: worldSize.places }, (_, index) => draft("place", index, names.fresh(1), "it"));
  const organisations = Array.from({ length: worldSize.organisations }, (_, index) =>
    draft("organisation", index, names.fresh(1, random.pick(organisationSuffixes)), "it"),
  );

  const fact = (subject: Draft, relation: Relation, value: string, valueId?: string, inCorpus = true): void => {
    subject.facts.push(
      valueId === undefined
        ? { subjectId: subject.id, relation, value, inCorpus }
        : { subjectId: subject.id, relation, value, valueId, inCorpus },
    );
  };

  for (const person of people) {
    const birthplace = random.pick(places);
    const employer = random.pick(organisations);
    fact(person, "birthplace", birthplace.name, birthplace.id);
    fact(person, "employer", employer.name, employer.id);
    fact(person, "profession", random.pick(professions));
    fact(person, "birthYear", String(random.integer(1920, 1999)), undefined, !random.chance(0.2));
  }
  for (const place of places) {
    fact(place, "region", random.pick(regions));
    fact(place, "river", random.pick(rivers), undefined, !random.chance(0.2));
    fact(place, "placeFoundedYear", String(random.integer(1100, 1890)));
  }
  const founders = random.shuffle(people).slice(0, organisations.length);
  organisations.forEach((organisation, index) => {
    const headquarters = random.pick(places);
    const founder = founders[index] as Draft;
    fact(organisation, "headquarters", headquarters.name, headquarters.id);
    fact(organisation, "founder", founder.name, founder.id);
    fact(organisation, "industry", random.pick(industries));
    fact(organisation, "organisationFoundedYear", String(random.integer(1800, 1990)), undefined, !random.chance(0.2));
  });

  assignKnowledge(random, people, knownCount.people);
  assignKnowledge(random, places, knownCount.places);
  assignKnowledge(random, organisations, knownCount.organisations);

  return { seed, entities: [...people, ...places, ...organisations] };
}

/**
 * Marks `known` entities (the model learns them), then splits the unknown ones: 40% train the model to read
 * passages, 30% tune the loop (dev), 30% are held out for reported figures (test).
 */
function assignKnowledge(random: SeededRandom, entities: Draft[], known: number): void {
  const order = random.shuffle(entities);
  order.forEach((entity, index) => {
    if (index < known) {
      entity.knowledge = "known";
      entity.split = "train";
      return;
    }
    const position = (index - known) / (order.length - known);
    entity.split = position < 0.4 ? "train" : position < 0.7 ? "dev" : "test";
  });
}
