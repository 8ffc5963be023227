import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promptFormatFor } from "../../src/app/prompt-format-choice.ts";
import { RecallApp } from "../../src/app/recall-app.ts";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { TransformersLanguageModel } from "../../src/models/transformers/transformers-language-model.ts";
import { loadTinyLanguageModel } from "../support/bundled.ts";
import { loadStories260K, stories260KFolder } from "../support/shared-models.ts";

/** ChatML, as many chat models write their turns. */
const chatTemplate =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/**
 * The loop on a real Llama-architecture model (stories260K, which knows only children's stories: its answers are
 * nonsense), as it is and with a chat template added to a copy of its tokenizer config: every ask must complete,
 * with a trace, in the format chosen for the model.
 */
describe("the loop on a real model", () => {
  let folder: string;
  let chatModelFolder: string;
  let sources: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "recall-real-model-"));
    chatModelFolder = join(folder, "stories260K-chat");
    await cp(stories260KFolder, chatModelFolder, { recursive: true });
    const configPath = join(chatModelFolder, "tokenizer_config.json");
    const config = JSON.parse(await readFile(configPath, "utf8")) as Record<string, unknown>;
    await writeFile(configPath, JSON.stringify({ ...config, chat_template: chatTemplate }));
    sources = join(folder, "world");
    await mkdir(sources);
    const names = (await readdir(join(worldFolder, "corpus"))).filter((name) => name.startsWith("organisation-00"));
    for (const name of names) await cp(join(worldFolder, "corpus", name), join(sources, name));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("chooses the bundled format for the tiny generator, plain text for a base model, the chat template for a chat model", async () => {
    expect(promptFormatFor(await loadTinyLanguageModel()).name).toBe("bundled");
    expect(promptFormatFor(await loadStories260K()).name).toBe("plain");
    const chat = await TransformersLanguageModel.load(chatModelFolder);
    expect(promptFormatFor(chat).name).toBe("chat");
    expect(promptFormatFor(chat, "plain").name).toBe("plain");
    const rendered = await chat.renderChat?.([{ role: "user", content: "Who?" }]);
    expect(rendered).toBe("<|im_start|>user\nWho?<|im_end|>\n<|im_start|>assistant\n");
  });

  it.each([
    ["plain", stories260KFolder],
    ["chat", "chat copy"],
  ])("answers with a trace through recall-then-retrieve in the %s format", async (format, model) => {
    const home = join(folder, `home-${format}`);
    const config = loadConfig({
      explicit: { home, models: { language: { model: model === "chat copy" ? chatModelFolder : model } } },
    });
    const app = await RecallApp.open(config);
    try {
      expect((await app.promptFormat()).name).toBe(format);
      await app.corpora.index({ corpus: "world", paths: [sources], chunkSize: 48, overlap: 8 });
      const answer = await app.ask({
        question: "Where is Drainddou Works based?",
        corpus: "world",
        strategy: "recall-then-retrieve",
      });
      expect(typeof answer.answer).toBe("string");
      const kinds = answer.trace.map((event) => event.type);
      expect(kinds[0]).toBe("recall-start");
      expect(kinds.at(-1)).toBe("answer-end");
      expect(answer.confidence).toBeGreaterThanOrEqual(0);
      expect(answer.confidence).toBeLessThanOrEqual(1);
    } finally {
      await app.close();
    }
  });
});
