import type { QaRecord } from "../../src/world/qa-record.ts";
import type { Entity, EntityKind, Fact, Relation, Split, World } from "../../src/world/world-types.ts";
import { statement } from "./statements.ts";

/**
 * A bridge: a fact about the question's subject names an entity, and a fact about that entity is the answer. The
 * forms are the four the generator's training chains use (on other entities): asked in a form it never read ("On which
 * river does the town where X was born stand?"), it cannot read the second hop even from the right passage (1 of 81
 * dev questions in four such forms: the river of a birthplace or of a headquarters, an employer's industry, a
 * founder's profession), whatever the loop does.
 */
interface BridgeForm {
  readonly first: Relation;
  readonly second: Relation;
  readonly question: (subject: string) => string;
}

const bridgeForms: Record<EntityKind, readonly BridgeForm[]> = {
  person: [
    { first: "birthplace", second: "region", question: (name) => `In which region was ${name} born?` },
    { first: "employer", second: "headquarters", question: (name) => `Where is the employer of ${name} based?` },
  ],
  organisation: [
    { first: "founder", second: "birthplace", question: (name) => `Where was the founder of ${name} born?` },
    { first: "headquarters", second: "region", question: (name) => `In which region is ${name} based?` },
  ],
  place: [],
};

/** A comparison: two entities of a kind, and which of them came first by a year fact. */
interface ComparisonForm {
  readonly kind: EntityKind;
  readonly relation: Relation;
  readonly question: (first: string, second: string) => string;
}

const comparisonForms: readonly ComparisonForm[] = [
  { kind: "person", relation: "birthYear", question: (a, b) => `Who was born first, ${a} or ${b}?` },
  {
    kind: "organisation",
    relation: "organisationFoundedYear",
    question: (a, b) => `Which was founded first, ${a} or ${b}?`,
  },
  { kind: "place", relation: "placeFoundedYear", question: (a, b) => `Which town was founded first, ${a} or ${b}?` },
];

/**
 * The split of a question about several entities: "train" when the generator read any of them in training, else
 * the last one's (a bridge's, whose fact is the answer). Known entities (learned by heart) do not decide it.
 */
function splitOf(entities: readonly Entity[]): Split {
  const unknown = entities.filter((entity) => entity.knowledge === "unknown").map((entity) => entity.split);
  if (unknown.includes("train")) return "train";
  return unknown.at(-1) ?? "train";
}

/** A fact the generator can reach: learned by heart, or stated in the corpus. */
function reachable(entity: Entity, fact: Fact | undefined): fact is Fact {
  return fact !== undefined && (entity.knowledge === "known" || fact.inCorpus);
}

/** Documents that state the facts the generator did not learn. */
function documentsOf(entities: readonly Entity[]): string[] {
  return entities.filter((entity) => entity.knowledge === "unknown").map((entity) => entity.id);
}

/**
 * Bridge questions whose second hop is only in the corpus: the first hop is learned ("bridge known": the model
 * should recall it, then look the bridge entity up) or is itself only in the corpus (both hops are looked up).
 */
export function bridgeQuestions(world: World): QaRecord[] {
  const byId = new Map(world.entities.map((entity) => [entity.id, entity]));
  const records: QaRecord[] = [];
  for (const subject of world.entities) {
    for (const form of bridgeForms[subject.kind]) {
      const firstFact = subject.facts.find((fact) => fact.relation === form.first);
      const bridge = firstFact?.valueId === undefined ? undefined : byId.get(firstFact.valueId);
      const secondFact = bridge?.facts.find((fact) => fact.relation === form.second);
      if (!bridge || bridge.knowledge !== "unknown" || !reachable(subject, firstFact) || !reachable(bridge, secondFact))
        continue;
      records.push({
        id: `${subject.id}.${form.first}.${form.second}`,
        question: form.question(subject.name),
        answers: [secondFact.value],
        kind: "two-hop",
        learned: false,
        supportingDocuments: documentsOf([subject, bridge]),
        steps: [
          statement(form.first, subject.name, firstFact.value),
          statement(form.second, bridge.name, secondFact.value),
        ],
        split: splitOf([subject, bridge]),
        shape: "bridge",
        firstHopLearned: subject.knowledge === "known",
      });
    }
  }
  return records;
}

/**
 * Comparison questions: two entities of a kind, paired in the order the world lists them within a split (so that
 * a held-out question pairs held-out entities), with different years, at least one of them unknown to the model.
 */
export function comparisonQuestions(world: World): QaRecord[] {
  const records: QaRecord[] = [];
  for (const form of comparisonForms) {
    const candidates = world.entities.filter(
      (entity) =>
        entity.kind === form.kind &&
        entity.knowledge === "unknown" &&
        reachable(
          entity,
          entity.facts.find((fact) => fact.relation === form.relation),
        ),
    );
    for (const split of ["dev", "test"] as const) {
      const inSplit = candidates.filter((entity) => entity.split === split);
      for (let index = 0; index + 1 < inSplit.length; index += 2) {
        const pair = [inSplit[index], inSplit[index + 1]] as [Entity, Entity];
        const years = pair.map((entity) => entity.facts.find((fact) => fact.relation === form.relation)?.value ?? "");
        const [firstYear, secondYear] = years.map(Number) as [number, number];
        if (firstYear === secondYear) continue;
        const earlier = firstYear < secondYear ? pair[0] : pair[1];
        records.push({
          id: `${pair[0].id}.${pair[1].id}.${form.relation}`,
          question: form.question(pair[0].name, pair[1].name),
          answers: [earlier.name],
          kind: "two-hop",
          learned: false,
          supportingDocuments: documentsOf(pair),
          steps: pair.map((entity, position) => statement(form.relation, entity.name, years[position] ?? "")),
          split,
          shape: "comparison",
          firstHopLearned: false,
        });
      }
    }
  }
  return records;
}
