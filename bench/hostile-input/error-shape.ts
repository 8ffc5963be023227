/**
 * What an error response must look like: `{ error: { code, message, type } }` with strings, and nothing of the
 * server's insides (a stack frame, a source file, node_modules, or one of the given folders).
 */

const stackFrame = /\n\s+at |\bat [\w.<>]+ \(|\.ts:\d+|node_modules/;

/** What is wrong with an error body, or undefined when it has the right shape and leaks nothing. */
export function errorBodyProblem(text: string, privatePaths: readonly string[]): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${JSON.stringify(text.slice(0, 120))}`;
  }
  const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== "object" || error === null) return "no error object";
  const { code, message, type } = error as { code?: unknown; message?: unknown; type?: unknown };
  if (typeof code !== "string" || typeof message !== "string" || typeof type !== "string")
    return `error fields are not strings: ${JSON.stringify(error).slice(0, 160)}`;
  if (stackFrame.test(text)) return `leaks a stack trace or source path: ${message.slice(0, 160)}`;
  const leaked = privatePaths.find((path) => path.length > 1 && text.includes(path));
  if (leaked !== undefined) return `leaks the path ${leaked}: ${message.slice(0, 160)}`;
  return undefined;
}
