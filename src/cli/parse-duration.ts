import { InvalidArgumentError } from "commander";

const unitMilliseconds = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Commander parser for a duration such as 30d, 12h, 90m or 2w (minutes, hours, days, weeks), in milliseconds. */
export function parseDuration(value: string): number {
  const match = /^([1-9][0-9]{0,5})([mhdw])$/.exec(value.trim());
  if (!match?.[1] || !match[2])
    throw new InvalidArgumentError(`expected a duration such as 30d, 12h, 90m or 2w, got "${value}"`);
  return Number(match[1]) * unitMilliseconds[match[2] as keyof typeof unitMilliseconds];
}
