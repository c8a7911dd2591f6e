import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

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
 * entities, version or tree columns. Answers the `returning` columns of the rows inserted.
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: Array<QueryDeepPartialEntity<T>>,
  options: InsertRowsOptions = {},
): Promise<Array<Record<string, unknown>>> {
  if (rows.length === 0) return [];
  const metadata = manager.connection.getMetadata(target);
  const columns = metadata.columns.filter((column) => column.isInsert);
  const unsupported = metadata.columns.find((column) => column.isVersion || column.relationMetadata || column.embeddedMetadata);
  if (unsupported) throw new Error(`insertRows: ${metadata.name}.${unsupported.propertyPath} is not a plain column`);
  const driver = manager.connection.driver;
  const table = metadata.tablePath
    .split('.')
    .map((part) => driver.escape(part))
    .join('.');
  const head = `INSERT INTO ${table} (${columns.map((column) => driver.escape(column.databaseName)).join(', ')}) VALUES `;
  const tail =
    (options.orIgnore ? ' ON CONFLICT DO NOTHING' : '') +
    (options.returning?.length ? ` RETURNING ${options.returning.map((name) => driver.escape(name)).join(', ')}` : '');
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length)));
  const answered: Array<Record<string, unknown>> = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const parameters: unknown[] = [];
    const tuples = rows
      .slice(start, start + perStatement)
      .map((row) => `(${columns.map((column) => placeholder(column, row, parameters, driver)).join(', ')})`);
    const result: unknown = await manager.query(head + tuples.join(', ') + tail, parameters);
    // TypeORM answers an INSERT ... RETURNING as its rows.
    if (options.returning?.length) answered.push(...(result as Array<Record<string, unknown>>));
  }
  return answered;
}

/** The row's value of the column as a parameter (its placeholder), DEFAULT when the row leaves it out, or the SQL a function gives. */
function placeholder(
  column: ColumnMetadata,
  row: ObjectLiteral,
  parameters: unknown[],
  driver: EntityManager['connection']['driver'],
): string {
  const value: unknown = column.getEntityValue(row);
  if (value === undefined) return 'DEFAULT';
  // A function is SQL of its own, as the query builder takes it (() => 'now()').
  if (typeof value === 'function') return String((value as () => string)());
  parameters.push(driver.preparePersistentValue(value, column));
  return `$${parameters.length}`;
}
