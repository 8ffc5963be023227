import type { SeededRandom } from "../../src/util/seeded-random.ts";
import type { QaRecord } from "../../src/world/qa-record.ts";
import type { Entity, Fact, Relation, World } from "../../src/world/world-types.ts";
import { NameRegistry } from "./names.ts";
import { paraphrase, question, statement } from "./statements.ts";
import { bridgeQuestions, comparisonQuestions } from "./two-hop-questions.ts";

/** The world's question sets, by file name (without .jsonl). */
export type QuestionSets = Record<"known" | "unknown" | "absent" | "two-hop" | "paraphrased", QaRecord[]>;

function record(
  id: string,
  kind: QaRecord["kind"],
  text: string,
  answers: string[],
  supportingDocuments: string[],
  steps: string[],
  split: QaRecord["split"],
  learned: boolean,
): QaRecord {
  return { id, question: text, answers, kind, learned, supportingDocuments, steps, split };
}

/** Every question the world supports, from the facts of its entities. */
export function writeQuestions(random: SeededRandom, world: World): QuestionSets {
  const sets: QuestionSets = { known: [], unknown: [], absent: [], "two-hop": [], paraphrased: [] };
  for (const entity of world.entities) {
    for (const fact of entity.facts) {
      const id = `${entity.id}.${fact.relation}`;
      const text = question(fact.relation, entity.name);
      const steps = [statement(fact.relation, entity.name, fact.value)];
      const paraphrased = (kind: "known" | "unknown", split: QaRecord["split"]): QaRecord => ({
        ...record(
          `${id}.paraphrase`,
          kind,
          paraphrase(fact.relation, entity.name),
          [fact.value],
          fact.inCorpus ? [entity.id] : [],
          steps,
          split,
          kind === "known",
        ),
        paraphraseOf: id,
      });
      if (entity.knowledge === "known") {
        sets.known.push(
          record(id, "known", text, [fact.value], fact.inCorpus ? [entity.id] : [], steps, "train", true),
        );
        sets.paraphrased.push(paraphrased("known", "train"));
      } else if (fact.inCorpus) {
        sets.unknown.push(record(id, "unknown", text, [fact.value], [entity.id], steps, entity.split, false));
        sets.paraphrased.push(paraphrased("unknown", entity.split));
      } else {
        sets.absent.push(record(id, "absent", text, [], [], [], entity.split, false));
      }
    }
  }

  const names = new NameRegistry(random);
  for (const entity of world.entities) names.reserve(entity.name);
  const relationsByKind: Record<Entity["kind"], Relation[]> = {
    person: ["birthplace", "employer", "profession", "birthYear"],
    place: ["region", "river", "placeFoundedYear"],
    organisation: ["headquarters", "founder", "industry", "organisationFoundedYear"],
  };
  const splits = ["train", "dev", "test"] as const;
  for (let index = 0; index < 45; index++) {
    const kind = random.pick(["person", "place", "organisation"] as const);
    const name = kind === "person" ? names.fresh(2) : kind === "place" ? names.fresh(1) : names.fresh(1, "Company");
    const relation = random.pick(relationsByKind[kind]);
    sets.absent.push(
      record(
        `invented-${index}.${relation}`,
        "absent",
        question(relation, name),
        [],
        [],
        [],
        splits[index % 3] as QaRecord["split"],
        false,
      ),
    );
  }

  sets["two-hop"] = [...bridgeQuestions(world), ...comparisonQuestions(world)].filter(
    (record) => record.split !== "train",
  );
  return sets;
}

/**
 * Questions that chain two facts: the first about `first`, the second about the entity it names, which must be
 * unknown to the model and stated in the corpus. The generator's training chains (build-training-data.ts) are made
 * with it; the evaluated two-hop set is `bridgeQuestions` and `comparisonQuestions`.
 */
export function twoHopRecords(world: World, includeFirst: (entity: Entity) => boolean): QaRecord[] {
  const byId = new Map(world.entities.map((entity) => [entity.id, entity]));
  const records: QaRecord[] = [];
  const twoHop = (first: Entity, firstRelation: Relation, secondRelation: Relation, text: string): void => {
    const firstFact = first.facts.find((fact) => fact.relation === firstRelation);
    const second = firstFact?.valueId === undefined ? undefined : byId.get(firstFact.valueId);
    const secondFact: Fact | undefined = second?.facts.find((fact) => fact.relation === secondRelation);
    if (!firstFact || !second || !secondFact || second.knowledge !== "unknown" || !secondFact.inCorpus) return;
    records.push(
      record(
        `${first.id}.${firstRelation}.${secondRelation}`,
        "two-hop",
        text,
        [secondFact.value],
        first.knowledge === "known" ? [second.id] : [first.id, second.id],
        [
          statement(firstRelation, first.name, firstFact.value),
          statement(secondRelation, second.name, secondFact.value),
        ],
        second.split,
        false,
      ),
    );
  };
  for (const entity of world.entities.filter(includeFirst)) {
    if (entity.kind === "person") {
      twoHop(entity, "birthplace", "region", `In which region was ${entity.name} born?`);
      twoHop(entity, "employer", "headquarters", `Where is the employer of ${entity.name} based?`);
    } else if (entity.kind === "organisation") {
      twoHop(entity, "founder", "birthplace", `Where was the founder of ${entity.name} born?`);
      twoHop(entity, "headquarters", "region", `In which region is ${entity.name} based?`);
    }
  }
  return records;
}
