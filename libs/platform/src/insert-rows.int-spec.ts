import { jest } from '@jest/globals';
import { dropNamespaceSchemas, testDatabaseUrl, testNamespace } from '@atelier/testing';
import { Column, DataSource, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ensureSchema } from './database.module';
import { insertRows } from './insert-rows';

// insertRows stands in for manager.insert on hot paths: what it stores must be what the query
// builder stores, row for row, whatever the column types, defaults and nulls.
const ns = testNamespace('insertrows');
const schema = `${ns}_widgets`;

@Entity({ name: 'widgets' })
class WidgetEntity {
  @PrimaryColumn({ name: 'widget_id', type: 'text' })
  widgetId: string;

  @Column({ type: 'bigint', insert: false, update: false, generated: 'increment' })
  seq: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName: string | null;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'double precision' })
  minutes: number;

  @Column({ type: 'boolean' })
  last: boolean;

  @Column({ type: 'jsonb' })
  spec: { colour: string; sizes: number[]; note?: string };

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  extra?: object | string | null;

  @Column({ type: 'text', default: 'offered' })
  status: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

@Entity({ name: 'notes' })
class NoteEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  message: string;
}

describe('insertRows', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    await ensureSchema(testDatabaseUrl, schema);
    dataSource = new DataSource({ type: 'postgres', url: testDatabaseUrl, schema, entities: [WidgetEntity, NoteEntity] });
    await dataSource.initialize();
    // The tables as a migration would make them.
    await dataSource.query(`CREATE TABLE "${schema}"."widgets" (
      "widget_id" text PRIMARY KEY,
      "seq" bigserial NOT NULL,
      "display_name" text NULL,
      "quantity" integer NOT NULL,
      "minutes" double precision NOT NULL,
      "last" boolean NOT NULL,
      "spec" jsonb NOT NULL,
      "due_at" timestamptz NULL,
      "extra" jsonb NULL,
      "status" text NOT NULL DEFAULT 'offered',
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await dataSource.query(`CREATE TABLE "${schema}"."notes" ("id" bigserial PRIMARY KEY, "message" text NOT NULL)`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropNamespaceSchemas(ns);
  });

  const widget = (id: string, extra: Partial<WidgetEntity> = {}): Partial<WidgetEntity> => ({
    widgetId: id,
    displayName: `Widget "${id.replace(/^[ab]-/, '')}" — ü, 'quoted'`,
    quantity: 3,
    minutes: 12.75,
    last: true,
    spec: { colour: 'oak', sizes: [1, 2.5, -3], note: 'line\nbreak\ttab "quotes" 🪵' },
    dueAt: new Date('2026-12-03T10:11:12.345Z'),
    ...extra,
  });

  const stored = async (ids: string[]) =>
    (
      await dataSource.manager.query(
        `SELECT "widget_id", "display_name", "quantity", "minutes", "last", "spec", "due_at", "extra", "extra" IS NULL AS "no_extra", "status", "created_at" IS NOT NULL AS "has_created"
         FROM "${schema}"."widgets" WHERE "widget_id" = ANY($1) ORDER BY "seq"`,
        [ids],
      )
    ).map(({ widget_id, ...row }: { widget_id: string }) => ({ ...row, id: widget_id.replace(/^[ab]-/, '') }));

  it('stores what manager.insert stores: types, nulls, defaults left out, JSON with any characters', async () => {
    const rows = (prefix: string) => [
      widget(`${prefix}-1`),
      widget(`${prefix}-2`, { displayName: null, dueAt: null, last: false, status: 'accepted' }),
      widget(`${prefix}-3`, { spec: { colour: 'ash', sizes: [] }, quantity: 0, minutes: 0 }),
    ];
    await dataSource.manager.insert(WidgetEntity, rows('a'));
    await insertRows(dataSource.manager, WidgetEntity, rows('b'));
    const byBuilder = await stored(['a-1', 'a-2', 'a-3']);
    expect(byBuilder).toHaveLength(3);
    expect(await stored(['b-1', 'b-2', 'b-3'])).toEqual(byBuilder);
    expect(byBuilder[1]).toMatchObject({ display_name: null, due_at: null, status: 'accepted', has_created: true });
    expect(byBuilder[0]).toMatchObject({ status: 'offered', spec: rows('a')[0].spec });
  });

  it('sends rows that give the same columns as one array a column: one text whatever their number, stored as manager.insert stores them', async () => {
    // A nullable jsonb column: SQL NULL, a JSON string, an array with a null in it, an object.
    const extras = [null, 'a "string" \\ with } and ]', [1, { b: null }, '"'], { nested: { q: '"\\n' } }];
    const rows = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) =>
        widget(`${prefix}-${i}`, {
          status: i % 2 ? 'accepted' : 'offered',
          displayName: i % 3 ? null : `"${i}" \\ {a,b} NULL`,
          extra: extras[i % extras.length],
        }),
      );
    const query = jest.spyOn(dataSource.manager, 'query');
    try {
      await insertRows(dataSource.manager, WidgetEntity, rows('e', 1));
      await insertRows(dataSource.manager, WidgetEntity, rows('f', 40));
      const texts = query.mock.calls.map(([text]) => text);
      expect(texts).toHaveLength(2);
      expect(texts[0]).toContain('unnest(');
      // jsonb columns go as one JSON array each, not as a jsonb[] of escaped texts.
      expect(texts[0]).toContain('jsonb_array_elements(');
      expect(texts[0]).not.toContain('jsonb[]');
      expect(texts[1]).toBe(texts[0]);
    } finally {
      query.mockRestore();
    }
    await dataSource.manager.insert(WidgetEntity, rows('g', 40));
    const ids = (prefix: string) => Array.from({ length: 40 }, (_, i) => `${prefix}-${i}`);
    const byBuilder = (await stored(ids('g'))).map((row: { id: string }) => ({ ...row, id: row.id.replace(/^g-/, '') }));
    expect((await stored(ids('f'))).map((row: { id: string }) => ({ ...row, id: row.id.replace(/^f-/, '') }))).toEqual(byBuilder);
    expect(byBuilder[3]).toMatchObject({ display_name: '"3" \\ {a,b} NULL', status: 'accepted' });
    expect(byBuilder.slice(0, 4).map((row: { extra: unknown; no_extra: boolean }) => [row.extra, row.no_extra])).toEqual([
      [null, true],
      [extras[1], false],
      [extras[2], false],
      [extras[3], false],
    ]);
  });

  it('skips rows whose key is taken when told to, and answers the columns asked of those it inserted', async () => {
    await insertRows(dataSource.manager, WidgetEntity, [widget('c-1')]);
    const answered = await insertRows(dataSource.manager, WidgetEntity, [widget('c-1'), widget('c-2'), widget('c-2')], {
      orIgnore: true,
      returning: ['widget_id'],
    });
    expect(answered).toEqual([{ widget_id: 'c-2' }]);
    await expect(insertRows(dataSource.manager, WidgetEntity, [widget('c-1')])).rejects.toMatchObject({ code: '23505' });
  });

  it('splits rows over statements within PostgreSQL’s parameter limit, and inserts nothing for no rows', async () => {
    // 9 columns a row: 7,000 rows are 63,000 parameters, more than one statement takes under 60,000.
    const many = Array.from({ length: 7_000 }, (_, i) => widget(`d-${i}`));
    await insertRows(dataSource.manager, WidgetEntity, many);
    const [{ count }] = await dataSource.manager.query(
      `SELECT count(*)::int AS count FROM "${schema}"."widgets" WHERE "widget_id" LIKE 'd-%'`,
    );
    expect(count).toBe(7_000);
    expect(await insertRows(dataSource.manager, WidgetEntity, [])).toEqual([]);
  });

  it('leaves a generated key to the database and takes SQL functions as the query builder does', async () => {
    const answered = await insertRows(
      dataSource.manager,
      NoteEntity,
      [{ message: 'one' }, { message: () => "'two' || 'fold'" }],
      {
        returning: ['id', 'message'],
      },
    );
    expect(answered.map((row) => row.message)).toEqual(['one', 'twofold']);
    expect(Number(answered[1].id)).toBeGreaterThan(Number(answered[0].id));
  });
});
