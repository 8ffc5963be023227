import type { SeededRandom } from "../../src/util/seeded-random.ts";
import type { Entity, Fact, Relation, World } from "../../src/world/world-types.ts";
import { article } from "./statements.ts";

/** A corpus document: one per entity, several paragraphs of prose, each naming the entity. */
export interface WorldDocument {
  readonly id: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
}

type Template = (subject: string, value: string, pronoun: string) => string;

/**
 * Several ways the corpus states each fact. Every one contains the plain statement (the form a reasoning step takes)
 * word for word, wrapped in different openings and endings, so that prose varies while a reader can still find the
 * sentence that a step restates.
 */
const factTemplates: Record<Relation, readonly Template[]> = {
  birthplace: [
    (s, v) => `${s} was born in ${v}.`,
    (s, v) => `Records show that ${s} was born in ${v}.`,
    (s, v) => `${s} was born in ${v}, as the parish register shows.`,
  ],
  employer: [
    (s, v) => `${s} works for ${v}.`,
    (s, v) => `These days ${s} works for ${v}.`,
    (s, v) => `${s} works for ${v} and has done so for many years.`,
  ],
  profession: [
    (s, v) => `${s} is ${article(v)} ${v} by trade.`,
    (s, v) => `By profession, ${s} is ${article(v)} ${v}.`,
    (s, v) => `${s} is ${article(v)} ${v}.`,
  ],
  birthYear: [(s, v) => `${s} was born in the year ${v}.`, (s, v) => `${s} was born in the year ${v}, in the spring.`],
  region: [(s, v) => `${s} lies in the ${v} region.`, (s, v) => `The town of ${s} lies in the ${v} region.`],
  river: [(s, v) => `${s} stands on the ${v} river.`, (s, v) => `The old centre of ${s} stands on the ${v} river.`],
  placeFoundedYear: [
    (s, v) => `${s} was founded in the year ${v}.`,
    (s, v) => `According to the town chronicle, ${s} was founded in the year ${v}.`,
  ],
  headquarters: [(s, v) => `${s} is based in ${v}.`, (s, v) => `The head office of ${s} is based in ${v}.`],
  founder: [(s, v) => `${s} was founded by ${v}.`, (s, v) => `The firm ${s} was founded by ${v}.`],
  industry: [(s, v) => `${s} works in ${v}.`, (s, v) => `Today ${s} works in ${v}, mostly for export.`],
  organisationFoundedYear: [
    (s, v) => `${s} was founded in the year ${v}.`,
    (s, v) => `The company ${s} was founded in the year ${v}.`,
  ],
};

const personColour = [
  (s: string, p: string) =>
    `${s} is known among friends for a dry sense of humour, and ${p} rarely misses the spring fair.`,
  (s: string, p: string) =>
    `In the evenings ${s} plays chess at the old library, where ${p} keeps a small notebook of openings.`,
  (s: string, p: string) => `${s} keeps bees in a narrow garden, and ${p} gives most of the honey away to neighbours.`,
  (s: string, p: string) => `Friends say that ${s} walks to work in every weather and that ${p} has never owned a car.`,
  (s: string, p: string) => `${s} collects old maps, and ${p} once spent a whole winter restoring a torn sea chart.`,
];
const placeColour = [
  (s: string) => `${s} is known for its covered market and a stone bridge with seven arches.`,
  (s: string) => `Visitors to ${s} often remark on the narrow lanes and the smell of bread in the morning.`,
  (s: string) => `Every autumn ${s} holds a lantern festival that fills the main square.`,
  (s: string) => `Most houses in ${s} are built of grey stone with red tiled roofs.`,
];
const organisationColour = [
  (s: string) => `${s} employs a few hundred people and publishes a small yearly report.`,
  (s: string) => `The staff of ${s} are proud of a long tradition of careful work.`,
  (s: string) => `${s} opened a second workshop after a difficult decade.`,
  (s: string) => `Few outsiders know that ${s} began in a single rented room.`,
];

/** Writes the document for one entity. Facts marked `inCorpus: false` are left out on purpose. */
export function writeDocument(random: SeededRandom, world: World, entity: Entity): WorldDocument {
  const others = world.entities.filter((other) => other.id !== entity.id);
  const placeNames = others.filter((other) => other.kind === "place").map((other) => other.name);
  const personNames = others.filter((other) => other.kind === "person").map((other) => other.name);
  const say = (fact: Fact | undefined): string[] =>
    fact?.inCorpus ? [random.pick(factTemplates[fact.relation])(entity.name, fact.value, entity.pronoun)] : [];
  const find = (relation: Relation): Fact | undefined => entity.facts.find((fact) => fact.relation === relation);
  const pronoun = entity.pronoun === "she" ? "she" : entity.pronoun === "he" ? "he" : "it";
  const Pronoun = pronoun.charAt(0).toUpperCase() + pronoun.slice(1);

  let paragraphs: string[][];
  if (entity.kind === "person") {
    paragraphs = [
      [
        ...say(find("profession")),
        ...say(find("birthplace")),
        `${Pronoun} spent long summers as a child in ${random.pick(placeNames)}.`,
      ],
      [
        ...say(find("employer")),
        `${Pronoun} once shared an office with ${random.pick(personNames)}.`,
        ...say(find("birthYear")),
      ],
      [
        random.pick(personColour)(entity.name, pronoun),
        `Last year ${entity.name} travelled to ${random.pick(placeNames)} to visit a cousin.`,
      ],
    ];
  } else if (entity.kind === "place") {
    const [firstColour, secondColour] = random.shuffle(placeColour);
    paragraphs = [
      [
        ...say(find("region")),
        ...say(find("placeFoundedYear")),
        `It is a short journey by rail from ${random.pick(placeNames)}.`,
      ],
      [...say(find("river")), (firstColour as (typeof placeColour)[number])(entity.name)],
      [
        `The painter ${random.pick(personNames)} spent a season in ${entity.name} and described it in letters.`,
        (secondColour as (typeof placeColour)[number])(entity.name),
      ],
    ];
  } else {
    paragraphs = [
      [
        ...say(find("founder")),
        ...say(find("organisationFoundedYear")),
        `The founder first trained in ${random.pick(placeNames)}.`,
      ],
      [
        ...say(find("headquarters")),
        ...say(find("industry")),
        `It also keeps a small depot in ${random.pick(placeNames)}.`,
      ],
      [
        random.pick(organisationColour)(entity.name),
        `A former director, ${random.pick(personNames)}, wrote a short history of ${entity.name}.`,
      ],
    ];
  }
  return { id: entity.id, title: entity.name, paragraphs: paragraphs.map((sentences) => sentences.join(" ")) };
}

/** The document as Markdown: a heading with the title, then the paragraphs. */
export function renderMarkdown(document: WorldDocument): string {
  return `# ${document.title}\n\n${document.paragraphs.join("\n\n")}\n`;
}
