import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

/**
 * What insertRows and selectRows write their SQL from: the entity's metadata, the driver and its
 * table's escaped name. Plain columns only (no relations or embedded entities, nor, unless told,
 * version columns): `who` names the caller in the error.
 */
export function plainEntityTable<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  who: string,
  options: { versionColumns?: boolean } = {},
): { metadata: EntityMetadata; driver: EntityManager['connection']['driver']; table: string } {
  const metadata = manager.connection.getMetadata(target);
  const unsupported = metadata.columns.find(
    (column) => (column.isVersion && !options.versionColumns) || column.relationMetadata || column.embeddedMetadata,
  );
  if (unsupported) throw new Error(`${who}: ${metadata.name}.${unsupported.propertyPath} is not a plain column`);
  const driver = manager.connection.driver;
  const table = metadata.tablePath
    .split('.')
    .map((part) => driver.escape(part))
    .join('.');
  return { metadata, driver, table };
}
