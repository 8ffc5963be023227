import type { Command } from "commander";
import type { PartialConfig, RecallConfig } from "../config/config-schema.ts";
import { loadConfig } from "../config/load-config.ts";

/** The configuration for a command, from the program's global options, the environment and the config file. */
export function configFromCommand(command: Command): RecallConfig {
  const options = command.optsWithGlobals<{ config?: string; home?: string; offline?: boolean }>();
  const explicit: PartialConfig = {};
  if (options.home !== undefined) explicit.home = options.home;
  if (options.offline === true) explicit.offline = true;
  return loadConfig(options.config === undefined ? { explicit } : { explicit, configFile: options.config });
}
