import { ConfigError } from "../config/config-error.ts";
import type { PromptFormatSetting } from "../config/config-schema.ts";
import type { LanguageModel } from "../models/language-model.ts";
import { BundledFormat } from "../reasoning/formats/bundled-format.ts";
import { ChatFormat } from "../reasoning/formats/chat-format.ts";
import { PlainFormat } from "../reasoning/formats/plain-format.ts";
import type { PromptFormat } from "../reasoning/prompt-format.ts";
import { isBundledGeneratorId } from "./bundled-generator.ts";

/**
 * How the loop speaks to a model: as configured, or ("auto") chosen from the model: the bundled format for the
 * bundled tiny generator, the model's own chat template where it has one, else the few-shot plain format.
 */
export function promptFormatFor(model: LanguageModel, setting: PromptFormatSetting = "auto"): PromptFormat {
  const choice = setting === "auto" ? automaticFormat(model) : setting;
  if (choice === "bundled") return new BundledFormat();
  if (choice === "plain") return new PlainFormat();
  if (!model.renderChat)
    throw new ConfigError(
      `models.language.promptFormat is "chat", but ${model.modelId} has no chat template (no chat_template in its tokenizer_config.json). Use "plain" or "auto".`,
    );
  return new ChatFormat(model.renderChat.bind(model));
}

function automaticFormat(model: LanguageModel): "bundled" | "chat" | "plain" {
  if (isBundledGeneratorId(model.modelId)) return "bundled";
  return model.renderChat ? "chat" : "plain";
}
