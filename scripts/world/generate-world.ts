/**
 * Writes the tiny world to fixtures/world/: world.json (entities and facts), corpus/ (one Markdown document per
 * entity) and qa/ (question sets). Seeded: running it again writes the same bytes.
 *
 *   npm run world [-- OUTPUT_FOLDER]
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SeededRandom } from "../../src/util/seeded-random.ts";
import { buildWorld } from "./build-world.ts";
import { renderMarkdown, writeDocument } from "./prose.ts";
import { writeQuestions } from "./questions.ts";

const seed = 20261125;
const outputFolder = process.argv[2] ?? join(import.meta.dirname, "..", "..", "fixtures", "world");

const world = buildWorld(seed);
const random = new SeededRandom(seed + 1);
const documents = world.entities.map((entity) => writeDocument(random, world, entity));
const questionSets = writeQuestions(random, world);

await rm(join(outputFolder, "corpus"), { recursive: true, force: true });
await rm(join(outputFolder, "qa"), { recursive: true, force: true });
await mkdir(join(outputFolder, "corpus"), { recursive: true });
await mkdir(join(outputFolder, "qa"), { recursive: true });
await writeFile(join(outputFolder, "world.json"), `${JSON.stringify(world, null, 1)}\n`);
for (const document of documents) {
  await writeFile(join(outputFolder, "corpus", `${document.id}.md`), renderMarkdown(document));
}
for (const [name, records] of Object.entries(questionSets)) {
  await writeFile(
    join(outputFolder, "qa", `${name}.jsonl`),
    records.map((record) => `${JSON.stringify(record)}\n`).join(""),
  );
}
const counts = Object.fromEntries(Object.entries(questionSets).map(([name, records]) => [name, records.length]));
process.stdout.write(
  `${JSON.stringify({ entities: world.entities.length, documents: documents.length, questions: counts })}\n`,
);
