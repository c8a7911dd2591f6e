import { Objm, type ObjectStore } from '@nats-io/obj';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import {
  AppError,
  ConfiguratorRequests,
  Namespace,
  SuppliersRequests,
  UPLOADS_BUCKET,
  type UploadReference,
} from '@atelier/contracts';
import { answerRequests, cleanUpNamespace, testNamespace, testNatsUrl } from '@atelier/testing';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { startSystem, withAppOutput, type RunningSystem } from './support/system';

/** The limits the gateway promises (README, OpenAPI). */
const JSON_LIMIT = 256 * 1024;
const UPLOAD_LIMIT = 20 * 1024 * 1024;
const customerToken = 'atl_customer_token';

const ns = testNamespace('bodies');

interface Answer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** The gateway as a process, with the configurator and suppliers stood in on NATS: what reaches them, and what never does. */
describe('request bodies at the gateway', () => {
  let system: RunningSystem;
  let operatorToken: string;
  let baseUrl: string;
  let nc: NatsConnection;
  let bucket: ObjectStore;
  const standIns: Subscription[] = [];
  const received: Array<{ subject: string; request: Record<string, unknown>; uploaded?: string }> = [];

  beforeAll(async () => {
    system = await startSystem(ns, {}, ['gateway']);
    ({ baseUrl, adminToken: operatorToken } = system);
    nc = await connect({ servers: testNatsUrl });
    bucket = await new Objm(nc).create(new Namespace(ns).stream(UPLOADS_BUCKET));
    const customerHash = createHash('sha256').update(customerToken).digest('hex');
    standIns.push(
      answerRequests<{ tokenHash: string }>(nc, ns, SuppliersRequests.authenticate.subject, ({ tokenHash }) => {
        if (tokenHash === customerHash) return { kind: 'customer', id: 'cust-1', tokenId: 'tok-1' };
        throw new AppError('UNAUTHENTICATED', 'Unknown token');
      }),
      answerRequests<Record<string, unknown>>(nc, ns, ConfiguratorRequests.configure.subject, (request) => {
        received.push({ subject: 'configure', request });
        return {
          productId: request.productId,
          version: 1,
          valid: true,
          complete: false,
          domains: {},
          conflicts: [],
          defaults: {},
        };
      }),
      ...[ConfiguratorRequests.publishModel, ConfiguratorRequests.publishYaml, ConfiguratorRequests.importModel].map((contract) =>
        answerRequests<Record<string, unknown>>(nc, ns, contract.subject, async (request) => {
          const upload = request.upload as UploadReference | undefined;
          const bytes = upload ? await bucket.getBlob(upload.object) : null;
          received.push({ subject: contract.subject, request, uploaded: bytes ? new TextDecoder().decode(bytes) : undefined });
          return { productId: 'big', name: 'Big', version: 1, publishedAt: new Date().toISOString() };
        }),
      ),
    );
    await nc.flush();
  });

  afterAll(async () => {
    await system?.stop();
    standIns.forEach((s) => s.unsubscribe());
    await nc?.drain();
    await cleanUpNamespace(ns);
  });

  beforeEach(() => {
    received.length = 0;
  });

  async function send(
    method: string,
    path: string,
    token: string | null,
    body: string | Uint8Array,
    contentType: string,
  ): Promise<Answer> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  it('takes a configure of every automotive01 feature, and refuses 300 KB of JSON with 413 before any service is asked', () =>
    withAppOutput(system, async () => {
      // automotive01 imports as 2,513 boolean options f1..f2513: a customer who has chosen them all.
      const selections = Object.fromEntries(Array.from({ length: 2513 }, (_, i) => [`f${i + 1}`, i % 2 === 0]));
      const realistic = JSON.stringify({ selections, complete: true });
      expect(realistic.length).toBeLessThan(JSON_LIMIT / 4);
      const answered = await send('POST', '/v1/products/automotive01/configure', customerToken, realistic, 'application/json');
      expect(answered.status).toBe(200);
      expect(Object.keys(received[0].request.selections as object)).toHaveLength(2513);

      received.length = 0;
      const huge = JSON.stringify({ selections: { note: 'x'.repeat(300_000) } });
      const refused = await send('POST', '/v1/products/automotive01/configure', customerToken, huge, 'application/json');
      expect(refused).toEqual({
        status: 413,
        body: { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('256 KB') } },
      });
      expect(received).toEqual([]);
    }));

  it('answers malformed JSON with 400 and another media type with 415, never 500', () =>
    withAppOutput(system, async () => {
      const malformed = await send(
        'POST',
        '/v1/products/bicycle/configure',
        customerToken,
        '{"selections": ',
        'application/json',
      );
      expect(malformed).toEqual({ status: 400, body: { error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) } });
      const text = await send('POST', '/v1/products/bicycle/configure', customerToken, 'selections=all', 'text/plain');
      expect(text).toEqual({
        status: 415,
        body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('application/json') } },
      });
      const latin1 = await send(
        'POST',
        '/v1/products/bicycle/configure',
        customerToken,
        '{}',
        'application/json; charset=latin1',
      );
      expect(latin1.status).toBe(415);
      const notUtf8 = await send(
        'POST',
        '/v1/products/bicycle/configure',
        customerToken,
        new Uint8Array([0x7b, 0xff, 0x7d]),
        'application/json',
      );
      expect(notUtf8.status).toBe(400);
      expect(received).toEqual([]);
    }));

  it('answers JSON nested thousands of levels deep with 400, on the upload route too, before any service is asked', () =>
    withAppOutput(system, async () => {
      // Found by the hostile-input property test: a publish hashed such a body recursively and answered 500.
      const deep = '[{"a":'.repeat(1_400) + '1' + '}]'.repeat(1_400);
      const upload = await send('POST', '/v1/admin/product-models', operatorToken, deep, 'application/json');
      expect(upload).toEqual({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('deeper than 64') } },
      });
      const configure = await send(
        'POST',
        '/v1/products/bicycle/configure',
        customerToken,
        `{"selections":${deep}}`,
        'application/json',
      );
      expect(configure.status).toBe(400);
      expect(received).toEqual([]);
    }));

  it('asks who is calling before it reads a body: a stranger with malformed JSON gets 401, not 400', () =>
    withAppOutput(system, async () => {
      const stranger = await send('POST', '/v1/products/bicycle/configure', 'atl_nobody', '{"selections": ', 'application/json');
      expect(stranger.status).toBe(401);
      const anonymous = await send('POST', '/v1/products/bicycle/configure', null, 'x'.repeat(300_000), 'application/json');
      expect(anonymous.status).toBe(401);
    }));

  it('passes a model larger than one NATS message to the configurator through the object store, and deletes it once answered', () =>
    withAppOutput(system, async () => {
      const document = {
        id: 'big',
        name: 'Big',
        options: Array.from({ length: 4000 }, (_, i) => ({
          id: `o${i}`,
          type: 'boolean',
          label: `Option ${i}`,
          description: 'd'.repeat(400),
        })),
      };
      const json = JSON.stringify(document);
      expect(json.length).toBeGreaterThan(1024 * 1024);
      const published = await send('POST', '/v1/admin/product-models', operatorToken, json, 'application/json');
      expect(published).toEqual({ status: 201, body: expect.objectContaining({ productId: 'big', version: 1 }) });
      expect(received).toHaveLength(1);
      const [{ subject, request, uploaded }] = received;
      expect(subject).toBe(ConfiguratorRequests.publishModel.subject);
      expect(Object.keys(request)).toEqual(['upload']);
      expect(JSON.parse(uploaded!)).toEqual(document);
      // Deleted once answered: nothing piles up in the bucket.
      expect(await bucket.list()).toEqual([]);
    }));

  it('holds a bounded amount of uploads and of small bodies (one upload of the largest size at a time): past that 503 at once, and the gateway stays up', () =>
    withAppOutput(system, async () => {
      // Near the 20 MB limit, in small objects (what makes parsing costly): four at once would take
      // the gateway's heap (npm start bounds it) past its limit.
      const options: Array<Record<string, unknown>> = [];
      let size = 0;
      while (size < UPLOAD_LIMIT - 600 * 1024) {
        const option = { id: `o${options.length}`, label: 'L', type: 'enumeration', values: ['a', 'b', 'c'] };
        options.push(option);
        size += JSON.stringify(option).length + 1;
      }
      const json = JSON.stringify({ id: 'big', name: 'Big', options });
      const uploads = await Promise.all(
        Array.from({ length: 4 }, () => send('POST', '/v1/admin/product-models', operatorToken, json, 'application/json')),
      );
      const statuses = uploads.map((answer) => answer.status).sort();
      expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((status) => status === 201 || status === 503)).toBe(true);
      const busy = uploads.find((answer) => answer.status === 503);
      if (busy) expect(busy.body.error).toEqual({ code: 'DEPENDENCY_UNAVAILABLE', message: expect.stringContaining('retry') });

      // 80 configures of almost 256 KB at once (20 MB): some wait for room (503), none fails otherwise.
      const selections = Object.fromEntries(Array.from({ length: 8_000 }, (_, i) => [`option_${i}`, 'value'.repeat(3)]));
      const bulky = JSON.stringify({ selections });
      expect(bulky.length).toBeLessThan(JSON_LIMIT);
      expect(bulky.length).toBeGreaterThan(JSON_LIMIT * 0.9);
      const configures = await Promise.all(
        Array.from({ length: 80 }, () =>
          send('POST', '/v1/products/bicycle/configure', customerToken, bulky, 'application/json'),
        ),
      );
      expect(configures.every((answer) => answer.status === 200 || answer.status === 503)).toBe(true);
      expect(configures.some((answer) => answer.status === 200)).toBe(true);
      // Still up, and room given back: one more of each is taken.
      expect((await send('POST', '/v1/admin/product-models', operatorToken, json, 'application/json')).status).toBe(201);
      expect((await send('POST', '/v1/products/bicycle/configure', customerToken, bulky, 'application/json')).status).toBe(200);
    }));

  it('sends YAML, XCSP and DIMACS to their own requests, with the import id and name', () =>
    withAppOutput(system, async () => {
      expect((await send('POST', '/v1/admin/product-models', operatorToken, 'id: y\n', 'application/yaml')).status).toBe(201);
      const cnf = 'p cnf 2 1\n1 -2 0\n';
      expect((await send('POST', '/v1/admin/product-models?id=tiny&name=Tiny', operatorToken, cnf, 'text/x-dimacs')).status).toBe(
        201,
      );
      expect(received.map((r) => [r.subject, r.uploaded])).toEqual([
        [ConfiguratorRequests.publishYaml.subject, 'id: y\n'],
        [ConfiguratorRequests.importModel.subject, cnf],
      ]);
      expect(received[1].request).toMatchObject({ format: 'dimacs', id: 'tiny', name: 'Tiny' });
      const noId = await send('POST', '/v1/admin/product-models', operatorToken, cnf, 'text/x-dimacs');
      expect(noId.status).toBe(400);
      const pdf = await send('POST', '/v1/admin/product-models', operatorToken, '%PDF', 'application/pdf');
      expect(pdf).toEqual({ status: 415, body: { error: expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }) } });
      const nul = await send('POST', '/v1/admin/product-models', operatorToken, 'id: "a\u0000"\n', 'application/yaml');
      expect(nul.status).toBe(400);
      expect(received).toHaveLength(2);
    }));

  it('refuses an upload over 20 MB with 413, whether it says its length or not', () =>
    withAppOutput(system, async () => {
      const tooBig = new Uint8Array(UPLOAD_LIMIT + 1).fill(0x20);
      const declared = await send('POST', '/v1/admin/product-models', operatorToken, tooBig, 'application/json');
      expect(declared).toEqual({
        status: 413,
        body: { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('20 MB') } },
      });
      const streamed = await stream('/v1/admin/product-models', operatorToken, 'text/x-dimacs', tooBig.length, true);
      expect(streamed.status).toBe(413);
      expect(received).toEqual([]);
    }));

  it('answers a customer or a stranger on the upload route before their body has even arrived', () =>
    withAppOutput(system, async () => {
      const customer = await stream('/v1/admin/product-models', customerToken, 'application/json', 64 * 1024, false);
      expect(customer).toEqual({ status: 404, body: { error: expect.objectContaining({ code: 'NOT_FOUND' }) } });
      const stranger = await stream('/v1/admin/product-models', null, 'application/json', 64 * 1024, false);
      expect(stranger.status).toBe(401);
      expect(received).toEqual([]);
    }));

  it('invites a client that asks first (Expect: 100-continue) to send its upload only once it is known to be the operator', () =>
    withAppOutput(system, async () => {
      const cnf = 'p cnf 1 1\n1 0\n';
      const path = '/v1/admin/product-models?id=asked&name=Asked';
      expect(await expectingContinue(path, customerToken, cnf)).toEqual({ status: 404, continued: false });
      expect(await expectingContinue(path, operatorToken, cnf)).toEqual({ status: 201, continued: true });
      expect(received.map((r) => r.uploaded)).toEqual([cnf]);
    }));

  /** Sends a DIMACS body only once the gateway says "continue"; without that, only the final answer. */
  function expectingContinue(path: string, token: string, body: string): Promise<{ status: number; continued: boolean }> {
    return new Promise((resolve, reject) => {
      let continued = false;
      const request = httpRequest(`${baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'text/x-dimacs',
          'content-length': String(Buffer.byteLength(body)),
          expect: '100-continue',
        },
      });
      const deadline = setTimeout(() => {
        request.destroy();
        reject(new Error(`No answer to ${path} within 10 s`));
      }, 10_000);
      request.on('continue', () => {
        continued = true;
        request.end(body);
      });
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => {
          clearTimeout(deadline);
          request.destroy();
          resolve({ status: response.statusCode!, continued });
        });
      });
      request.on('error', reject);
      request.flushHeaders();
    });
  }

  /**
   * Sends `bytes` of body in chunks without a Content-Length. With `finish` false the body never
   * ends: only an answer that did not wait for it arrives.
   */
  function stream(path: string, token: string | null, contentType: string, bytes: number, finish: boolean): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'transfer-encoding': 'chunked',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      });
      const deadline = setTimeout(() => {
        request.destroy();
        reject(new Error(`No answer to ${path} within 10 s`));
      }, 10_000);
      request.on('error', reject);
      request.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          clearTimeout(deadline);
          request.destroy();
          resolve({ status: response.statusCode!, body: JSON.parse(text) });
        });
      });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let sent = 0; sent < bytes; sent += chunk.length)
        request.write(chunk.subarray(0, Math.min(chunk.length, bytes - sent)));
      if (finish) request.end();
    });
  }
});
