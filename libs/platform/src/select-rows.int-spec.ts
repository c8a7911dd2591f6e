import { dropNamespaceSchemas, testDatabaseUrl, testNamespace } from '@atelier/testing';
import { Column, DataSource, Entity, In, PrimaryColumn } from 'typeorm';
import { ensureSchema } from './database.module';
import { selectRows } from './select-rows';

// selectRows stands in for manager.find on hot paths: the entities it makes must be the ones find
// makes, whatever the column types, nulls and transformers.
const ns = testNamespace('selectrows');
const schema = `${ns}_gadgets`;

@Entity({ name: 'gadgets' })
class GadgetEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'bigint', insert: false, update: false, generated: 'increment' })
  seq: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName: string | null;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  @Column({ type: 'boolean' })
  last: boolean;

  @Column({ type: 'jsonb', nullable: true })
  spec: { colour: string; sizes: number[] } | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({
    type: 'text',
    transformer: { to: (value: string[]) => value.join('|'), from: (value: string | null) => (value ? value.split('|') : []) },
  })
  tags: string[];

  @Column({ type: 'text', select: false, nullable: true })
  secret: string | null;
}

describe('selectRows', () => {
  let dataSource: DataSource;
  const ids = [
    '00000000-0000-4000-8000-000000000001',
    '00000000-0000-4000-8000-000000000002',
    '00000000-0000-4000-8000-000000000003',
  ];

  beforeAll(async () => {
    await ensureSchema(testDatabaseUrl, schema);
    dataSource = new DataSource({ type: 'postgres', url: testDatabaseUrl, schema, entities: [GadgetEntity] });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE "${schema}"."gadgets" (
      "id" uuid PRIMARY KEY, "seq" bigserial NOT NULL, "display_name" text NULL, "quantity" integer NOT NULL,
      "amount" numeric(12,2) NOT NULL, "last" boolean NOT NULL, "spec" jsonb NULL, "due_at" timestamptz NULL,
      "tags" text NOT NULL, "secret" text NULL)`);
    await dataSource.manager.insert(GadgetEntity, [
      {
        id: ids[0],
        displayName: 'Gadget "one" — ü',
        quantity: 3,
        amount: '1234.50',
        last: true,
        spec: { colour: 'oak', sizes: [1, 2.5] },
        dueAt: new Date('2026-12-03T10:11:12.345Z'),
        tags: ['a', 'b'],
        secret: 's',
      },
      {
        id: ids[1],
        displayName: null,
        quantity: 0,
        amount: '0.00',
        last: false,
        spec: null,
        dueAt: null,
        tags: [],
        secret: null,
      },
      {
        id: ids[2],
        displayName: 'three',
        quantity: -1,
        amount: '-7.25',
        last: false,
        spec: { colour: 'ash', sizes: [] },
        dueAt: new Date(0),
        tags: ['x'],
        secret: null,
      },
    ]);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropNamespaceSchemas(ns);
  });

  it('makes the entities manager.find makes: types, nulls, transformers, columns left unselected', async () => {
    const byFind = await dataSource.manager.find(GadgetEntity, { where: { id: In(ids) }, order: { id: 'ASC' } });
    const selected = await selectRows(dataSource.manager, GadgetEntity, '"id" = ANY($1::uuid[])', [ids], { orderBy: '"id"' });
    expect(selected).toEqual(byFind);
    expect(selected[0]).toBeInstanceOf(GadgetEntity);
    expect(selected[0]).toMatchObject({ amount: '1234.50', tags: ['a', 'b'], dueAt: new Date('2026-12-03T10:11:12.345Z') });
    expect(selected[1]).toMatchObject({ displayName: null, spec: null, dueAt: null, tags: [] });
    expect(selected[0].secret).toBeUndefined();
  });

  it("selects only the properties asked for, as find's select does, and refuses one the entity has not", async () => {
    const byFind = await dataSource.manager.find(GadgetEntity, {
      where: { id: In(ids) },
      order: { id: 'ASC' },
      select: { id: true, tags: true, dueAt: true },
    });
    const selected = await selectRows(dataSource.manager, GadgetEntity, '"id" = ANY($1::uuid[])', [ids], {
      orderBy: '"id"',
      select: ['id', 'tags', 'dueAt'],
    });
    expect(selected).toEqual(byFind);
    expect(selected[0].quantity).toBeUndefined();
    await expect(
      selectRows(dataSource.manager, GadgetEntity, '"id" = $1', [ids[0]], {
        select: ['id', 'nope' as keyof GadgetEntity & string],
      }),
    ).rejects.toThrow('GadgetEntity has no column for nope');
  });

  it('holds the rows it selects for update until the transaction ends', async () => {
    await dataSource.transaction(async (manager) => {
      const [locked] = await selectRows(manager, GadgetEntity, '"id" = $1', [ids[0]], { forUpdate: true });
      expect(locked.id).toBe(ids[0]);
      // Another connection cannot take it meanwhile.
      const free = await dataSource.query(`SELECT "id" FROM "${schema}"."gadgets" WHERE "id" = $1 FOR UPDATE SKIP LOCKED`, [
        ids[0],
      ]);
      expect(free).toEqual([]);
    });
  });
});
