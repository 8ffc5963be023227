/**
 * The PostgreSQL tables, built from the SQLite tables of src/db/schema.ts (the one schema) so that the two cannot
 * drift: drizzle.postgres.config.ts generates migrations/postgres/ from them. Each column kind, default and constraint
 * is translated explicitly; anything else throws `UnsupportedSchemaError` when this module loads.
 */
import { getTableColumns, is, SQL, sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  type PgColumn,
  type PgColumnBuilderBase,
  type PgTableExtraConfigValue,
  type PgTableWithColumns,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import {
  getTableConfig,
  type SQLiteColumn,
  SQLiteInteger,
  SQLiteSyncDialect,
  type SQLiteTable,
} from "drizzle-orm/sqlite-core";
import * as sqliteSchema from "./schema.ts";

/** The SQLite `now` default of src/db/schema.ts, as SQLite renders it. */
const sqliteNow = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";

/** The same ISO text (milliseconds, UTC, a trailing Z) from PostgreSQL. */
const postgresNow = `to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const sqliteDialect = new SQLiteSyncDialect();

// biome-ignore lint/suspicious/noExplicitAny: the tables are built at run time, so their column types are not known statically.
type AnyPgTable = PgTableWithColumns<any>;

/** Thrown when a SQLite column or table uses something this translation does not know, so nothing slips through. */
export class UnsupportedSchemaError extends Error {
  override readonly name = "UnsupportedSchemaError";

  constructor(table: string, what: string) {
    super(
      `src/db/postgres-schema.ts cannot translate ${table}: ${what}; teach it before using that in src/db/schema.ts`,
    );
  }
}

function baseColumn(table: string, column: SQLiteColumn): PgColumnBuilderBase {
  switch (column.columnType) {
    case "SQLiteText":
      return text(column.name);
    case "SQLiteTextJson":
      return jsonb(column.name);
    case "SQLiteInteger":
      if (is(column, SQLiteInteger) && column.autoIncrement) {
        return integer(column.name).generatedByDefaultAsIdentity();
      }
      return integer(column.name);
    case "SQLiteBoolean":
      return boolean(column.name);
    case "SQLiteReal":
      return doublePrecision(column.name);
    default:
      throw new UnsupportedSchemaError(table, `column ${column.name} of kind ${column.columnType}`);
  }
}

function translateDefault(table: string, column: SQLiteColumn): unknown {
  const value = column.default;
  if (!is(value, SQL)) return value;
  const rendered = sqliteDialect.sqlToQuery(value).sql;
  if (rendered !== sqliteNow) throw new UnsupportedSchemaError(table, `the default ${rendered} of ${column.name}`);
  return sql.raw(postgresNow);
}

function translateColumn(table: string, column: SQLiteColumn): PgColumnBuilderBase {
  if (column.isUnique || column.generated !== undefined || column.defaultFn !== undefined || column.onUpdateFn) {
    throw new UnsupportedSchemaError(
      table,
      `column ${column.name} has a unique, generated or run-time default setting`,
    );
  }
  // biome-ignore lint/suspicious/noExplicitAny: the builder's type depends on the column kind chosen at run time.
  let builder: any = baseColumn(table, column);
  if (column.primary) builder = builder.primaryKey();
  else if (column.notNull) builder = builder.notNull();
  if (column.hasDefault && column.default !== undefined) builder = builder.default(translateDefault(table, column));
  return builder;
}

/** The PostgreSQL table for a SQLite one, translating the tables it references first (memoized in `built`). */
function translateTable(table: SQLiteTable, built: Map<SQLiteTable, AnyPgTable>): AnyPgTable {
  const existing = built.get(table);
  if (existing !== undefined) return existing;
  const config = getTableConfig(table);
  if (config.checks.length > 0 || config.uniqueConstraints.length > 0) {
    throw new UnsupportedSchemaError(config.name, "check or unique constraints");
  }
  const keyOf = new Map<string, string>(
    Object.entries(getTableColumns(table)).map(([key, column]) => [column.name, key]),
  );
  const columns: Record<string, PgColumnBuilderBase> = {};
  for (const column of config.columns)
    columns[keyOf.get(column.name) ?? column.name] = translateColumn(config.name, column);
  const referenced = config.foreignKeys.map((key) => {
    const reference = key.reference();
    return { key, reference, target: translateTable(reference.foreignTable, built) };
  });
  const result = pgTable(config.name, columns, (pgColumns) => {
    const byName = new Map(Object.values(pgColumns).map((column) => [column.name, column]));
    const pick = (name: string) => {
      const column = byName.get(name);
      if (column === undefined) throw new UnsupportedSchemaError(config.name, `no column ${name}`);
      return column;
    };
    const extras: PgTableExtraConfigValue[] = [];
    for (const key of config.primaryKeys) {
      const [first, ...rest] = key.columns.map((column) => pick(column.name));
      if (first === undefined) throw new UnsupportedSchemaError(config.name, "a primary key without columns");
      extras.push(primaryKey({ name: key.getName(), columns: [first, ...rest] }));
    }
    for (const { key, reference, target } of referenced) {
      const targetColumns = new Map<string, PgColumn>(
        Object.values<PgColumn>(getTableColumns(target)).map((column) => [column.name, column]),
      );
      const foreignColumns = reference.foreignColumns.map((column) => {
        const found = targetColumns.get(column.name);
        if (found === undefined) throw new UnsupportedSchemaError(config.name, `no column ${column.name} to reference`);
        return found;
      });
      const constraint = foreignKey({
        name: key.getName(),
        columns: reference.columns.map((column) => pick(column.name)) as [never, ...never[]],
        foreignColumns: foreignColumns as [never, ...never[]],
      });
      if (key.onDelete !== undefined) constraint.onDelete(key.onDelete);
      if (key.onUpdate !== undefined) constraint.onUpdate(key.onUpdate);
      extras.push(constraint);
    }
    for (const { config: indexConfig } of config.indexes) {
      if (indexConfig.where !== undefined)
        throw new UnsupportedSchemaError(config.name, `partial index ${indexConfig.name}`);
      const [first, ...rest] = indexConfig.columns.map((column) => {
        if (is(column, SQL)) throw new UnsupportedSchemaError(config.name, `expression in index ${indexConfig.name}`);
        return pick(column.name);
      });
      if (first === undefined)
        throw new UnsupportedSchemaError(config.name, `index ${indexConfig.name} without columns`);
      const start = indexConfig.unique ? uniqueIndex(indexConfig.name) : index(indexConfig.name);
      extras.push(start.on(first, ...rest));
    }
    return extras;
  });
  built.set(table, result);
  return result;
}

const translated = new Map<SQLiteTable, AnyPgTable>();

// One export per table of src/db/schema.ts, under the same name; tests/db/postgres-migrations.test.ts checks that none
// is missing.
export const corpora = translateTable(sqliteSchema.corpora, translated);
export const retiredTables = translateTable(sqliteSchema.retiredTables, translated);
export const documents = translateTable(sqliteSchema.documents, translated);
export const indexJobs = translateTable(sqliteSchema.indexJobs, translated);
export const corpusLeases = translateTable(sqliteSchema.corpusLeases, translated);
export const documentErrors = translateTable(sqliteSchema.documentErrors, translated);
export const uploadJobs = translateTable(sqliteSchema.uploadJobs, translated);
export const uploadJobInputs = translateTable(sqliteSchema.uploadJobInputs, translated);
export const asks = translateTable(sqliteSchema.asks, translated);
export const modelCalibrations = translateTable(sqliteSchema.modelCalibrations, translated);
export const experiments = translateTable(sqliteSchema.experiments, translated);
export const feedback = translateTable(sqliteSchema.feedback, translated);
export const apiKeys = translateTable(sqliteSchema.apiKeys, translated);
