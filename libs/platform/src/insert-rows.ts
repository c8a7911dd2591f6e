import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { plainEntityTable } from './entity-table';

/** PostgreSQL takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 60_000;

export interface InsertRowsOptions {
  /** Rows whose key (or another unique constraint) is taken are skipped: ON CONFLICT DO NOTHING. */
  orIgnore?: boolean;
  /** Database column names to return of each row inserted. */
  returning?: string[];
}

/**
 * Inserts rows of an entity in as few statements as the parameter limit allows, as
 * `manager.insert` would (the entity's column names, its types' conversions, DEFAULT for what a row
 * leaves out), without the query builder: on a busy consumer, building an insert of a few dozen
 * wide rows cost more CPU than the database's own work (about a tenth of suppliers' and
 * scheduling's time in the pipeline benchmark). Plain columns only: no relations, embedded
 * entities, version or tree columns. Answers the `returning` columns of the rows inserted, in the
 * order of `rows`.
 *
 * Rows that give the same columns (the usual case) go as one array a column, unnested in the
 * database: the statement's text is then the same whatever the number of rows, so it is prepared
 * once per connection and never parsed or planned again. A text of its own for every number of
 * rows, each too long to keep prepared, was parsed and planned at every run: a sixth of the
 * database's statement time in the pipeline benchmark. Rows that differ in the columns they leave
 * to their defaults, or give SQL of their own, go as a VALUES list.
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: Array<QueryDeepPartialEntity<T>>,
  options: InsertRowsOptions = {},
): Promise<Array<Record<string, unknown>>> {
  if (rows.length === 0) return [];
  const { metadata, driver, table } = plainEntityTable(manager, target, 'insertRows');
  const columns = metadata.columns.filter((column) => column.isInsert);
  const tail =
    (options.orIgnore ? ' ON CONFLICT DO NOTHING' : '') +
    (options.returning?.length ? ` RETURNING ${options.returning.map((name) => driver.escape(name)).join(', ')}` : '');
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length)));
  const answered: Array<Record<string, unknown>> = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const { text, parameters } = asArrays(table, columns, chunk, driver) ?? asValues(table, columns, chunk, driver);
    const result: unknown = await manager.query(text + tail, parameters);
    // TypeORM answers an INSERT ... RETURNING as its rows.
    if (options.returning?.length) answered.push(...(result as Array<Record<string, unknown>>));
  }
  return answered;
}

type Driver = EntityManager['connection']['driver'];

/**
 * `INSERT ... SELECT ... FROM unnest($1::type[], ...) WITH ORDINALITY ORDER BY` the position, so the
 * rows go in (and take generated keys) in their order. Undefined when the rows do not all give the
 * same columns as plain values, a column is an array or an enum, or a value is itself an array
 * (unnest would flatten it).
 */
function asArrays(
  table: string,
  columns: ColumnMetadata[],
  rows: ObjectLiteral[],
  driver: Driver,
): { text: string; parameters: unknown[] } | undefined {
  const given: ColumnMetadata[] = [];
  const parameters: unknown[][] = [];
  for (const column of columns) {
    const values = rows.map((row) => column.getEntityValue(row) as unknown);
    if (values.every((value) => value === undefined)) continue; // the column's default, for every row
    // An enum's array type has the enum's own name, which this does not spell: those go as VALUES.
    if (column.isArray || column.type === 'enum' || column.type === 'simple-enum') return undefined;
    if (values.some((value) => value === undefined || typeof value === 'function')) return undefined;
    const prepared = values.map((value) => driver.preparePersistentValue(value, column) as unknown);
    if (prepared.some((value) => Array.isArray(value) || ArrayBuffer.isView(value))) return undefined;
    given.push(column);
    parameters.push(prepared);
  }
  if (given.length === 0) return undefined;
  const names = given.map((column) => driver.escape(column.databaseName)).join(', ');
  const aliases = given.map((_, i) => `"v${i}"`);
  // A jsonb column goes as one JSON array of its values (see jsonArrayText), the others as arrays.
  const jsonb = given.map((column) => driver.normalizeType(column) === 'jsonb');
  const sources = given.map((column, i) =>
    jsonb[i] ? `jsonb_array_elements($${i + 1}::jsonb)` : `unnest($${i + 1}::${driver.normalizeType(column)}[])`,
  );
  const selected = aliases.map((alias, i) => (jsonb[i] ? `NULLIF(${alias}, 'null'::jsonb)` : alias));
  const sent = parameters.map((values, i) => (jsonb[i] ? jsonArrayText(values as Array<string | null>) : values));
  // A jsonb value may not exceed 256 MB: rows that would make a larger array go as VALUES, a value each.
  if (sent.some((value) => typeof value === 'string' && value.length > MAX_JSON_ARRAY_CHARS)) return undefined;
  return {
    text: `INSERT INTO ${table} (${names}) SELECT ${selected.join(', ')} FROM ROWS FROM (${sources.join(', ')}) WITH ORDINALITY AS "r"(${aliases.join(', ')}, "n") ORDER BY "n"`,
    parameters: sent,
  };
}

/** The longest JSON array of one column's values sent at once: well under jsonb's 256 MB. */
const MAX_JSON_ARRAY_CHARS = 64 * 1024 * 1024;

/**
 * Values of a jsonb column (each the JSON text TypeORM makes of it, or null) as one JSON array:
 * sent as one parameter and split by jsonb_array_elements. As a jsonb[] array, node-postgres
 * escaped every quote of every value (envelopes, configurations and bills of materials are mostly
 * quotes) and PostgreSQL unescaped them again before parsing the JSON. SQL NULL travels as JSON
 * null and comes back as SQL NULL (TypeORM stores a null value as SQL NULL too).
 */
export function jsonArrayText(values: Array<string | null>): string {
  return `[${values.map((value) => (value === null ? 'null' : value)).join(',')}]`;
}

/** `INSERT ... VALUES (...), (...)`: DEFAULT where a row leaves a column out, SQL where it gives some. */
function asValues(
  table: string,
  columns: ColumnMetadata[],
  rows: ObjectLiteral[],
  driver: Driver,
): { text: string; parameters: unknown[] } {
  const parameters: unknown[] = [];
  const tuples = rows.map((row) => `(${columns.map((column) => placeholder(column, row, parameters, driver)).join(', ')})`);
  return {
    text: `INSERT INTO ${table} (${columns.map((column) => driver.escape(column.databaseName)).join(', ')}) VALUES ${tuples.join(', ')}`,
    parameters,
  };
}

/** The row's value of the column as a parameter (its placeholder), DEFAULT when the row leaves it out, or the SQL a function gives. */
function placeholder(column: ColumnMetadata, row: ObjectLiteral, parameters: unknown[], driver: Driver): string {
  const value: unknown = column.getEntityValue(row);
  if (value === undefined) return 'DEFAULT';
  // A function is SQL of its own, as the query builder takes it (() => 'now()').
  if (typeof value === 'function') return String((value as () => string)());
  parameters.push(driver.preparePersistentValue(value, column));
  return `$${parameters.length}`;
}
