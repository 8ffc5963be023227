/**
 * Hostile values for string fields and path segments: SQL and filter injection, path traversal, NUL bytes and lone
 * surrogates, full-text query syntax, and builders for deeply nested and huge JSON.
 */

export const sqlInjections = [
  "' OR 1=1 --",
  "world; DROP TABLE asks",
  "world'; DROP TABLE corpora; --",
  '" OR ""="',
  "1 UNION SELECT name, sql FROM sqlite_master --",
  "world' AND (SELECT count(*) FROM asks) > 0 --",
  "%' OR '%'='",
  "\\'; ATTACH DATABASE '/tmp/x.db' AS x; --",
] as const;

/** LanceDB `where` injection: quotes, backticks and operators meant to escape a quoted literal. */
export const filterInjections = [
  "') OR 1=1 --",
  "x' OR '1'='1",
  "x\\' OR true OR \\'",
  "`document_id` IS NOT NULL OR `x`",
  "x') OR document_id LIKE ('%",
  "'; DELETE FROM world; --",
  'x" OR "1"="1',
  "_%",
] as const;

/** Metadata filter keys: prototype pollution, quotes, backticks, spaces, dots. */
export const filterKeys = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "a' OR '1'='1",
  "`title`",
  "key with spaces",
  "a.b.c",
  'quote"key',
  "\u0000",
  "\ud800",
] as const;

export const pathTraversals = [
  "../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "/etc/passwd",
  "..\\..\\windows\\win.ini",
  "world/../world",
  "....//....//etc/passwd",
  "%2e%2e%2f%2e%2e%2f",
  "C:\\Windows\\System32",
  "file:///etc/passwd",
  "~root/.ssh/id_rsa",
] as const;

/** Control characters, NUL bytes and lone surrogates (as JavaScript strings; JSON.stringify escapes them). */
export const oddCharacters = [
  "world\u0000",
  "\u0000",
  "wor\u0000ld",
  "\ud800",
  "\udfff",
  "world\ud800",
  "\ud800\ud800\udfff",
  "\u202eworld",
  "\ufeffworld",
  "\u0007\u001b[31m",
  "\uffff",
  "😀".repeat(3),
] as const;

/** Text that a full-text query parser might read as syntax. */
export const queryInjections = [
  "title:Treisnos",
  "((( Treisnos",
  '"unterminated phrase',
  "Treisnos AND",
  "* OR ?",
  "[a TO b",
  "Treisnos~2^3",
  '+-!(){}[]^"~*?:\\/',
  "NOT",
  "a:b:c:d",
] as const;

/** Every hostile string above, for fields that take any string. */
export const hostileStrings: readonly string[] = [
  ...sqlInjections,
  ...filterInjections,
  ...pathTraversals,
  ...oddCharacters,
  ...queryInjections,
];

/** A path segment that must stay one segment: encoded, and for `raw` values sent as they are. */
export function pathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be UTF-8 encoded: send the bytes it would have been, which are not valid UTF-8.
    return [...value]
      .map((character) => {
        const code = character.charCodeAt(0);
        if (character.length === 1 && code >= 0xd800 && code <= 0xdfff)
          return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
        return encodeURIComponent(character);
      })
      .join("");
  }
}

/** `depth` nested arrays around `inner` as JSON text: [[[...]]]. */
export function nestedArrays(depth: number, inner = "1"): string {
  return `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;
}

/** `depth` nested objects under `key` as JSON text: {"a":{"a":...}}. */
export function nestedObjects(depth: number, inner = "1", key = "a"): string {
  return `${`{"${key}":`.repeat(depth)}${inner}${"}".repeat(depth)}`;
}

/** A JSON string literal of at least `bytes` bytes of UTF-8 (counting `unit` as JSON writes it: NUL is 6 bytes). */
export function hugeString(bytes: number, unit = "a"): string {
  const unitBytes = Buffer.byteLength(JSON.stringify(unit)) - 2;
  return JSON.stringify(unit.repeat(Math.ceil(bytes / unitBytes)));
}
