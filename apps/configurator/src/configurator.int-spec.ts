import type { INestApplicationContext } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ConfiguratorRequests } from '@atelier/contracts';
import { portableModelFromText, quoteLine, restoreModel, sampleModels } from '@atelier/configurator-engine';
import { RequestClient } from '@atelier/messaging';
import { loadConfig, startInProcess } from '@atelier/platform';
import {
  cleanUpNamespace,
  EventRecorder,
  failureOf,
  testNamespace,
  testNatsUrl,
  testServiceEnv,
  waitFor,
} from '@atelier/testing';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { AppModule } from './app.module';

const ns = testNamespace('configurator');
const bicycle = sampleModels.find((m) => m.id === 'bicycle')!;

describe('configurator service over NATS', () => {
  let app: INestApplicationContext;
  let client: RequestClient;
  let nc: NatsConnection;

  beforeAll(async () => {
    const config = loadConfig('configurator', testServiceEnv(ns));
    app = await startInProcess(AppModule.forConfig(config), { logger: ['error'] });
    client = app.get(RequestClient);
    nc = await connect({ servers: testNatsUrl });
  });

  afterAll(async () => {
    await app?.close();
    await nc?.drain();
    await cleanUpNamespace(ns);
  });

  it('publishes immutable, numbered versions and announces each on the CONFIGURATOR stream', async () => {
    const first = await client.request(ConfiguratorRequests.publishModel, { document: bicycle });
    const second = await client.request(ConfiguratorRequests.publishModel, {
      document: { ...bicycle, name: 'Custom bicycle 2027' },
    });
    expect([first.version, second.version]).toEqual([1, 2]);
    const versions = await client.request(ConfiguratorRequests.listVersions, { productId: 'bicycle' });
    expect(versions.map((v) => [v.version, v.name])).toEqual([
      [1, bicycle.name],
      [2, 'Custom bicycle 2027'],
    ]);
    const products = await client.request(ConfiguratorRequests.listProducts, {});
    expect(products).toContainEqual(expect.objectContaining({ id: 'bicycle', latestVersion: 2 }));
    const pinned = await client.request(ConfiguratorRequests.getProduct, { productId: 'bicycle', version: 1 });
    expect(pinned).toMatchObject({ version: 1, latestVersion: 2, name: bicycle.name });

    const announcements = await EventRecorder.start(nc, ns, 'CONFIGURATOR');
    await waitFor('both model.published events', () => announcements.events.length >= 2);
    await announcements.stop();
    expect(announcements.events.map((e) => (e.data as { version: number }).version)).toEqual([1, 2]);
  });

  it('refuses an invalid model with where and why, and stores nothing', async () => {
    const broken = {
      ...bicycle,
      id: 'broken-bike',
      rules: [{ id: 'r-bad', type: 'constraint', expression: 'frame_size <= ', message: 'x' }],
    };
    await expect(client.request(ConfiguratorRequests.publishModel, { document: broken })).rejects.toMatchObject({
      code: 'INVALID_MODEL',
      details: expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('rules') })]),
    });
    await expect(client.request(ConfiguratorRequests.listVersions, { productId: 'broken-bike' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('configures, then prices and explodes a complete configuration against the pinned version', async () => {
    const open = await client.request(ConfiguratorRequests.configure, { productId: 'bicycle', selections: {} });
    expect(open).toMatchObject({ version: 2, valid: true, complete: false });
    // Numeric domains carry their step (and, when few, the values), so a client never reads the model.
    expect(open.domains.seat_height_cm).toEqual({ ranges: [[60, 91]], step: 0.5 });
    const narrowed = await client.request(ConfiguratorRequests.configure, {
      productId: 'bicycle',
      selections: { rider_height_cm: 160, inseam_cm: 72 },
    });
    expect(narrowed.domains.seat_height_cm).toEqual({
      ranges: [[61, 66.5]],
      step: 0.5,
      values: [61, 61.5, 62, 62.5, 63, 63.5, 64, 64.5, 65, 65.5, 66, 66.5],
    });
    const chosen = await client.request(ConfiguratorRequests.configure, {
      productId: 'bicycle',
      version: 1,
      selections: open.defaults,
    });
    expect(chosen).toMatchObject({ version: 1, valid: true, complete: true, conflicts: [] });
    expect(chosen.price?.currency).toBe('EUR');

    const priced = await client.request(ConfiguratorRequests.priceLines, {
      lines: [{ productId: 'bicycle', version: 1, selections: open.defaults, quantity: 2 }],
    });
    expect(priced.lines[0]).toMatchObject({ productId: 'bicycle', version: 1, quantity: 2 });
    expect(priced.lines[0].routing.length).toBeGreaterThan(0);
    expect(priced.total).toEqual(priced.lines[0].lineTotal);
  });

  it('hands out a version compiled, which prices a line as it does itself; an unknown version is NOT_FOUND', async () => {
    const { defaults } = await client.request(ConfiguratorRequests.configure, { productId: 'bicycle', selections: {} });
    const line = { productId: 'bicycle', version: 1, selections: defaults, quantity: 3 };
    const compiled = await client.request(ConfiguratorRequests.compiledVersion, { productId: 'bicycle', version: 1 });
    expect(compiled).toMatchObject({ productId: 'bicycle', version: 1 });
    const model = restoreModel(JSON.parse(compiled!.documentJson), portableModelFromText(compiled!));
    const { lines } = await client.request(ConfiguratorRequests.priceLines, { lines: [line] });
    expect(quoteLine(model, line)).toEqual(lines[0]);

    const unknown = await failureOf(client.request(ConfiguratorRequests.compiledVersion, { productId: 'bicycle', version: 99 }));
    expect(unknown.code).toBe('NOT_FOUND');
  });

  it('answers unknown options as malformed input and a conflicting configuration as unpriceable, with the rule', async () => {
    await expect(
      client.request(ConfiguratorRequests.configure, { productId: 'bicycle', selections: { no_such_option: 'x' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const conflicting = await client.request(ConfiguratorRequests.configure, {
      productId: 'bicycle',
      selections: { frame_material: 'carbon', rack: true },
    });
    expect(conflicting.valid).toBe(false);
    expect(conflicting.conflicts).toContainEqual(expect.objectContaining({ ruleIds: ['carbon-no-rack'] }));
    await expect(
      client.request(ConfiguratorRequests.priceLines, {
        lines: [{ productId: 'bicycle', selections: { frame_material: 'carbon', rack: true }, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_CONFIGURATION' });
    await expect(client.request(ConfiguratorRequests.getProduct, { productId: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('completes a partial configuration to a valid one, on request', async () => {
    const answer = await client.request(ConfiguratorRequests.configure, {
      productId: 'bicycle',
      selections: { usage: 'touring', frame_material: 'steel' },
      complete: true,
    });
    expect(answer.completion).toMatchObject({ usage: 'touring', frame_material: 'steel' });
    const check = await client.request(ConfiguratorRequests.validate, { productId: 'bicycle', selections: answer.completion! });
    expect(check).toMatchObject({ valid: true, complete: true });
  });

  it('explains why a value is not possible with the rules and selections behind it', async () => {
    const why = await client.request(ConfiguratorRequests.explain, {
      productId: 'bicycle',
      selections: { frame_material: 'carbon' },
      option: 'rack',
      value: true,
    });
    expect(why.conflict).toMatchObject({ ruleIds: ['carbon-no-rack'], options: expect.arrayContaining(['frame_material']) });
    const possible = await client.request(ConfiguratorRequests.explain, {
      productId: 'bicycle',
      selections: { frame_material: 'steel' },
      option: 'rack',
      value: true,
    });
    expect(possible.conflict).toBeNull();
    await expect(
      client.request(ConfiguratorRequests.explain, { productId: 'bicycle', selections: {}, option: 'rack', value: 'yes' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('validates a configuration, naming the rules it breaks', async () => {
    const { defaults } = await client.request(ConfiguratorRequests.configure, { productId: 'bicycle', selections: {} });
    await expect(
      client.request(ConfiguratorRequests.validate, { productId: 'bicycle', selections: defaults }),
    ).resolves.toMatchObject({
      valid: true,
      complete: true,
      conflicts: [],
    });
    const broken = await client.request(ConfiguratorRequests.validate, {
      productId: 'bicycle',
      selections: { ...defaults, frame_material: 'carbon', rack: true },
    });
    expect(broken).toMatchObject({ valid: false, complete: false });
    expect(broken.conflicts.flatMap((c) => c.ruleIds)).toContain('carbon-no-rack');
  });

  it('publishes the native document written as YAML, and refuses YAML that does not parse', async () => {
    const yaml = stringify({ ...bicycle, id: 'bicycle-yaml', name: 'Bicycle from YAML' });
    await expect(client.request(ConfiguratorRequests.publishYaml, { content: yaml })).resolves.toMatchObject({
      productId: 'bicycle-yaml',
      version: 1,
    });
    await expect(client.request(ConfiguratorRequests.publishYaml, { content: 'id: [unclosed' })).rejects.toMatchObject({
      code: 'INVALID_MODEL',
    });
    // A NUL smuggled in through a YAML escape is refused, not a database error.
    const withNul = stringify({ ...bicycle, id: 'bicycle-nul', name: 'Bicycle' }).replace('name: Bicycle', 'name: "Bi\\0cycle"');
    expect(withNul).toContain('\\0');
    await expect(client.request(ConfiguratorRequests.publishYaml, { content: withNul })).rejects.toMatchObject({
      code: 'INVALID_MODEL',
    });
  });

  it('imports a DIMACS feature model and counts its configurations', async () => {
    const cnf = readFileSync(
      path.resolve(process.cwd(), '../shared/benchmarks/configuration/feature_models/printer/printer.dimacs'),
      'utf8',
    );
    const imported = await client.request(ConfiguratorRequests.importModel, {
      format: 'dimacs',
      content: cnf,
      id: 'printer',
      name: 'Printer',
    });
    expect(imported.version).toBe(1);
    const { count } = await client.request(ConfiguratorRequests.countConfigurations, { productId: 'printer' });
    expect(BigInt(count)).toBeGreaterThan(0n);
  });
});
