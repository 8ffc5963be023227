import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelInputError } from "../../src/models/model-errors.ts";
import { TransformersLanguageModel } from "../../src/models/transformers/transformers-language-model.ts";
import { loadStories260K, stories260KFolder } from "../support/shared-models.ts";

type JsonEdit = (json: Record<string, unknown>) => void;

/** Edits to the JSON files of a copy of stories260K, each named after the file it changes. */
interface FolderEdits {
  readonly tokenizerConfig?: JsonEdit;
  readonly generationConfig?: JsonEdit;
}

/** A copy of stories260K (tokenizer, configs, fp32 ONNX weights) with edited settings, in a fresh temporary folder. */
async function editedStories260K(edits: FolderEdits): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "recall-stories260K-"));
  await mkdir(join(folder, "onnx"));
  for (const file of ["config.json", "special_tokens_map.json", "tokenizer.json", join("onnx", "model.onnx")])
    await copyFile(join(stories260KFolder, file), join(folder, file));
  const edited = async (file: string, edit: JsonEdit | undefined) => {
    const json = JSON.parse(await readFile(join(stories260KFolder, file), "utf8")) as Record<string, unknown>;
    edit?.(json);
    await writeFile(join(folder, file), JSON.stringify(json));
  };
  await edited("tokenizer_config.json", edits.tokenizerConfig);
  await edited("generation_config.json", edits.generationConfig);
  return folder;
}

/** The id of the full stop, which the greedy continuation of "Once upon a time" reaches after "named Lily". */
const fullStopId = 426;

describe("stories260K read with the settings of its folder's files", () => {
  const folders: string[] = [];
  let original: TransformersLanguageModel;
  const load = async (edits: FolderEdits) => {
    const folder = await editedStories260K(edits);
    folders.push(folder);
    return TransformersLanguageModel.load(folder);
  };
  beforeAll(async () => {
    original = await loadStories260K();
  });
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  });

  it("spells tokens without the tokenizer's clean-up of spaces, which rewrites the text before a token", async () => {
    const model = await load({ tokenizerConfig: (json) => (json.clean_up_tokenization_spaces = true) });
    const continuation = " he is n't good , is he ?";
    const scored = await model.score({ prompt: "Once upon a time", continuation, topLogprobs: 3 });
    expect(scored.tokens.map((token) => token.token).join("")).toBe(continuation);
    const reference = await original.score({ prompt: "Once upon a time", continuation, topLogprobs: 3 });
    expect(scored.tokens).toEqual(reference.tokens);
  });

  it("stops at an end-of-text id that only generation_config.json lists", async () => {
    const model = await load({ generationConfig: (json) => (json.eos_token_id = [2, fullStopId]) });
    const generation = (await model.generate({ prompt: "Once upon a time", maxTokens: 24, temperature: 0 }))
      .generations[0];
    expect(generation?.text).toBe(", there was a little girl named Lily");
    expect(generation?.finishReason).toBe("stop");
    expect(generation?.tokens.map((token) => token.token).join("")).toBe(generation?.text);
  });

  it("refuses messages its chat template raises on with a ModelInputError that names the model and the complaint", async () => {
    const model = await load({
      tokenizerConfig: (json) =>
        (json.chat_template =
          "{% for message in messages %}{% if message['role'] == 'system' %}" +
          "{{ raise_exception('System role not supported') }}{% endif %}{{ message['content'] }}{% endfor %}"),
    });
    const rendered = model.renderChat?.([
      { role: "system", content: "Answer briefly." },
      { role: "user", content: "Who is Lily?" },
    ]);
    await expect(rendered).rejects.toBeInstanceOf(ModelInputError);
    await expect(rendered).rejects.toThrow(/System role not supported/);
    await expect(rendered).rejects.toThrow(model.modelId);
    await expect(model.renderChat?.([{ role: "user", content: "Who is Lily?" }])).resolves.toBe("Who is Lily?");
  });
});
