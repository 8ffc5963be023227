import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { question, statement } from "../../scripts/world/statements.ts";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { standaloneQuestion } from "../../src/server/openai/standalone-question.ts";
import { projectRoot } from "../../src/util/project-root.ts";

const message = z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() });
type Message = z.infer<typeof message>;
const followUp = z.object({
  about: z.string(),
  messages: z.array(message).min(1),
  expected: z.string(),
  /** The world entity the expected question names in the pronoun's place; absent where the question stays. */
  referent: z.string().optional(),
  pronoun: z.string().optional(),
});
const worldSchema = z.object({
  entities: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["person", "place", "organisation"]),
      name: z.string(),
      pronoun: z.enum(["she", "he", "it"]),
      knowledge: z.enum(["known", "unknown"]),
      facts: z.array(z.object({ relation: z.string(), value: z.string(), valueId: z.string().optional() })),
    }),
  ),
});

const followUps = readFileSync(join(projectRoot, "fixtures", "follow-ups", "follow-ups.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => followUp.parse(JSON.parse(line)));
const world = worldSchema.parse(JSON.parse(readFileSync(join(worldFolder, "world.json"), "utf8")));

const user = (content: string): Message => ({ role: "user", content });
const assistant = (content: string): Message => ({ role: "assistant", content });

describe("the last user turn made standalone", () => {
  describe("hand-written follow-ups about the tiny world (fixtures/follow-ups/follow-ups.jsonl)", () => {
    it("are more than 30, and some stay as they are", () => {
      expect(followUps.length).toBeGreaterThan(30);
      expect(followUps.filter((one) => one.referent === undefined).length).toBeGreaterThan(5);
    });

    it.each(followUps)("$about", ({ messages, expected }) => {
      expect(standaloneQuestion(messages)).toBe(expected);
    });

    it("each name a world entity of a kind and gender their pronoun can stand for", () => {
      const fitting: Record<string, readonly string[]> = {
        he: ["he"],
        him: ["he"],
        his: ["he"],
        she: ["she"],
        her: ["she"],
        hers: ["she"],
        it: ["it"],
        its: ["it"],
        they: ["he", "she", "it"],
        them: ["he", "she", "it"],
        their: ["he", "she", "it"],
      };
      for (const { about, referent, pronoun, expected } of followUps.filter((one) => one.referent !== undefined)) {
        const entity = world.entities.find((candidate) => candidate.name === referent);
        expect(entity, about).toBeDefined();
        expect(fitting[pronoun ?? ""], about).toContain(entity?.pronoun);
        expect(expected, about).toContain(referent);
      }
    });
  });

  describe("follow-ups built from the world's facts, in the world's own wordings", () => {
    it.each(worldFollowUps())("$about", ({ messages, expected }) => {
      expect(standaloneQuestion(messages)).toBe(expected);
    });
  });

  describe("beyond the tiny world", () => {
    it("keeps the article of a name that has one", () => {
      expect(standaloneQuestion([user("Tell me about the Bank of England."), user("When was it founded?")])).toBe(
        "When was the Bank of England founded?",
      );
      expect(standaloneQuestion([user("Tell me about the University of Oxford."), user("Who founded it?")])).toBe(
        "Who founded the University of Oxford?",
      );
    });

    it("takes a short answer for the thing it names", () => {
      expect(
        standaloneQuestion([
          user("What is the capital of France?"),
          assistant("Paris."),
          user("How many people live in it?"),
        ]),
      ).toBe("How many people live in Paris?");
    });

    it("reads a person's gender from the pronouns that follow the name", () => {
      const conversation = [
        user("Who was Ada Lovelace?"),
        assistant("Ada Lovelace was a mathematician. She worked with Charles Babbage on his engine."),
      ];
      expect(standaloneQuestion([...conversation, user("When was she born?")])).toBe("When was Ada Lovelace born?");
      expect(standaloneQuestion([...conversation, user("What did he build?")])).toBe("What did Charles Babbage build?");
    });

    it("spells out a contraction and makes a verb agree with the name that replaces they", () => {
      const conversation = [user("Tell me about Teithin Foundry."), assistant("Teithin Foundry works in insurance.")];
      expect(standaloneQuestion([...conversation, user("Where's it based? I think it's in Seske.")])).toBe(
        "Where's Teithin Foundry based? I think it's in Seske.",
      );
      expect(standaloneQuestion([...conversation, user("Do they still think they're the oldest?")])).toBe(
        "Does Teithin Foundry still think they're the oldest?",
      );
      expect(standaloneQuestion([...conversation, user("They're based where?")])).toBe(
        "Teithin Foundry is based where?",
      );
    });

    it("ignores system messages and reads text parts", () => {
      expect(
        standaloneQuestion([
          { role: "system", content: "Be brief, Alice Smith." },
          { role: "user", content: [{ type: "text", text: "Where was she born?" }] },
        ]),
      ).toBe("Where was she born?");
    });
  });
});

/**
 * For every entity the models know: a question about it, the answer the world states (naming an entity of another
 * kind), and follow-ups with a pronoun for either of the two; the expected question is the world's own wording with
 * the entity's name.
 */
function worldFollowUps(): { about: string; messages: Message[]; expected: string }[] {
  const byId = new Map(world.entities.map((entity) => [entity.id, entity]));
  const cases: { about: string; messages: Message[]; expected: string }[] = [];
  const fact = (entity: (typeof world.entities)[number], relation: string) => {
    const found = entity.facts.find((one) => one.relation === relation);
    if (found === undefined) throw new Error(`${entity.name} has no ${relation}`);
    return { value: found.value, entity: found.valueId === undefined ? undefined : byId.get(found.valueId) };
  };
  type Relation = Parameters<typeof question>[0];
  const followUpsOf = (
    subject: string,
    asked: Relation,
    answer: string,
    followUps: readonly { relation: Relation; pronoun: string; referent: string }[],
  ): void => {
    const conversation = [user(question(asked, subject)), assistant(statement(asked, subject, answer))];
    for (const { relation, pronoun, referent } of followUps)
      cases.push({
        about: `${conversation.map((one) => one.content).join(" ")} ${question(relation, pronoun)}`,
        messages: [...conversation, user(question(relation, pronoun))],
        expected: question(relation, referent),
      });
  };
  for (const entity of world.entities.filter((candidate) => candidate.knowledge === "known")) {
    if (entity.kind === "person") {
      const employer = fact(entity, "employer").value;
      const birthplace = fact(entity, "birthplace").value;
      followUpsOf(entity.name, "employer", employer, [
        { relation: "birthplace", pronoun: entity.pronoun, referent: entity.name },
        { relation: "headquarters", pronoun: "it", referent: employer },
      ]);
      followUpsOf(entity.name, "birthplace", birthplace, [
        { relation: "profession", pronoun: entity.pronoun, referent: entity.name },
        { relation: "placeFoundedYear", pronoun: "it", referent: birthplace },
      ]);
    } else if (entity.kind === "organisation") {
      const founder = fact(entity, "founder");
      followUpsOf(entity.name, "founder", founder.value, [
        { relation: "birthYear", pronoun: founder.entity?.pronoun ?? "they", referent: founder.value },
        { relation: "industry", pronoun: "it", referent: entity.name },
      ]);
    } else {
      followUpsOf(entity.name, "region", fact(entity, "region").value, [
        { relation: "placeFoundedYear", pronoun: "it", referent: entity.name },
        { relation: "river", pronoun: "it", referent: entity.name },
      ]);
    }
  }
  return cases;
}
