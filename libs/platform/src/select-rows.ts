import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { plainEntityTable } from './entity-table';

export interface SelectRowsOptions<T = ObjectLiteral> {
  /** Only these properties, as find's `select` (the others are left undefined); every column by default. */
  select?: Array<keyof T & string>;
  /** SQL after ORDER BY, in database column names (`"id"`). */
  orderBy?: string;
  /** Holds the rows until the transaction ends: FOR UPDATE. */
  forUpdate?: boolean;
}

/**
 * Entities of the rows `where` (SQL over database column names, with $1... for `parameters`)
 * selects, as `manager.find` would make them (every column, its type's conversion and
 * transformer), without the query builder: on a busy consumer, building a find's SQL cost more
 * CPU than the database's own work. The text does not change with the values, so it is prepared
 * once per connection; pass lists as one array parameter (`"id" = ANY($1::uuid[])`), not an IN
 * list. Plain columns only, as insertRows.
 */
export async function selectRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  where: string,
  parameters: unknown[],
  options: SelectRowsOptions<T> = {},
): Promise<T[]> {
  // A version column is read as any other.
  const { metadata, driver, table } = plainEntityTable(manager, target, 'selectRows', { versionColumns: true });
  // As a find selects them: not virtual ones, nor those marked select: false.
  const wanted = options.select ? new Set<string>(options.select) : undefined;
  const selected = metadata.columns.filter(
    (column) => !column.isVirtual && (wanted ? wanted.has(column.propertyName) : column.isSelect),
  );
  if (wanted && selected.length !== wanted.size) {
    throw new Error(
      `selectRows: ${metadata.name} has no column for ${[...wanted].filter((p) => !selected.some((c) => c.propertyName === p)).join(', ')}`,
    );
  }
  const columns = selected.map((column) => driver.escape(column.databaseName)).join(', ');
  const text =
    `SELECT ${columns} FROM ${table} WHERE ${where}` +
    (options.orderBy ? ` ORDER BY ${options.orderBy}` : '') +
    (options.forUpdate ? ' FOR UPDATE' : '');
  const rows: Array<Record<string, unknown>> = await manager.query(text, parameters);
  return rows.map((row) => {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const column of selected) column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    return entity;
  });
}
