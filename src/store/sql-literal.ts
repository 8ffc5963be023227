/** A value as a SQL string literal for a LanceDB filter: quoted, with quotes doubled. Never paste raw text. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
