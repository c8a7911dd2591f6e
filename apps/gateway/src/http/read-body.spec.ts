import { HttpException } from '@nestjs/common';
import { AppError } from '@atelier/contracts';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_JSON_DEPTH, readBody, type BodyPolicy } from './read-body';

const policy: BodyPolicy = { limitBytes: 1024, mediaTypes: ['application/json', 'text/x-dimacs'] };

/** readBody on a real loopback socket: it must behave with the bytes as they arrive, not as a test hands them over. */
describe('reading a request body within its limit', () => {
  let server: Server;
  let url: string;
  let read: Array<{ body?: unknown; error?: string; bytesLeft?: boolean }>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      readBody(request, policy, response).then(
        (body) => {
          read.push({ body });
          response.end('ok');
        },
        (error: unknown) => {
          const status = error instanceof AppError ? error.status : (error as HttpException).getStatus();
          read.push({ error: `${status} ${(error as Error).message}` });
          response.statusCode = status;
          response.end();
        },
      );
    });
    server.on('checkContinue', (request, response) => server.emit('request', request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  beforeEach(() => {
    read = [];
  });

  async function post(body: string | Uint8Array, contentType: string, headers: Record<string, string> = {}) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
    await response.arrayBuffer();
    return response.status;
  }

  it('parses JSON and passes text through as a string', async () => {
    expect(await post('{"a":[1,"é"]}', 'application/json; charset=UTF-8')).toBe(200);
    expect(await post('p cnf 1 1\n1 0\n', 'text/x-dimacs')).toBe(200);
    expect(read).toEqual([{ body: { a: [1, 'é'] } }, { body: 'p cnf 1 1\n1 0\n' }]);
  });

  it('takes a body of exactly the limit and refuses one byte more with 413, declared or streamed', async () => {
    expect(await post(JSON.stringify('x'.repeat(1022)), 'application/json')).toBe(200);
    expect(await post(JSON.stringify('x'.repeat(1023)), 'application/json')).toBe(413);
    expect(await chunked('x'.repeat(4 * 1024), 'text/x-dimacs')).toBe(413);
    expect(read.map((r) => r.error ?? 'read')).toEqual([
      'read',
      expect.stringMatching(/^413 .*1 KB/),
      expect.stringMatching(/^413 /),
    ]);
  });

  it('answers 415 for a media type, charset or encoding the route does not take', async () => {
    expect(await post('{}', 'text/plain')).toBe(415);
    expect(await post('{}', 'application/json; charset=latin1')).toBe(415);
    expect(await post('{}', 'application/json', { 'content-encoding': 'gzip' })).toBe(415);
    expect(read.map((r) => r.error)).toEqual([
      expect.stringContaining('application/json, text/x-dimacs'),
      expect.any(String),
      expect.any(String),
    ]);
  });

  it('takes an empty body, even one sent in chunks without a content type, as none', async () => {
    expect(await chunked('', '')).toBe(200);
    expect(await chunked('', 'application/json')).toBe(200);
    expect(await chunked('{}', '')).toBe(415);
    expect(read).toEqual([{ body: undefined }, { body: undefined }, { error: expect.stringContaining('no content type') }]);
  });

  it('answers 400 for JSON that does not parse and bytes that are not UTF-8', async () => {
    expect(await post('{"a": ', 'application/json')).toBe(400);
    expect(await post(new Uint8Array([0x22, 0xc3, 0x28, 0x22]), 'application/json')).toBe(400);
    expect(read.map((r) => r.error)).toEqual([expect.stringContaining('not valid JSON'), expect.stringContaining('UTF-8')]);
  });

  it('takes JSON nested as deep as the limit and answers 400 for one level more', async () => {
    const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    expect(await post(nested(MAX_JSON_DEPTH), 'application/json')).toBe(200);
    expect(await post(nested(MAX_JSON_DEPTH + 1), 'application/json')).toBe(400);
    expect(await post(`{"a":${nested(MAX_JSON_DEPTH)}}`, 'application/json')).toBe(400);
    expect(read.map((r) => r.error ?? 'read')).toEqual([
      'read',
      expect.stringContaining('deeper than 64'),
      expect.stringContaining('deeper than 64'),
    ]);
  });

  it('tells a client waiting with Expect: 100-continue to send its body only when it will be read', async () => {
    expect(await expectingContinue('{"a":1}', 'application/json')).toEqual({ status: 200, continued: true });
    expect(await expectingContinue('{"a":1}', 'text/plain')).toEqual({ status: 415, continued: false });
    expect(read).toEqual([{ body: { a: 1 } }, { error: expect.stringMatching(/^415 /) }]);
  });

  /** Sends the body only once the server says "continue"; without that, only the final answer. */
  function expectingContinue(body: string, contentType: string): Promise<{ status: number; continued: boolean }> {
    return new Promise((resolve, reject) => {
      let continued = false;
      const request = httpRequest(url, {
        method: 'POST',
        headers: { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), expect: '100-continue' },
      });
      request.on('continue', () => {
        continued = true;
        request.end(body);
      });
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => {
          request.destroy();
          resolve({ status: response.statusCode!, continued });
        });
      });
      request.on('error', reject);
      request.flushHeaders();
    });
  }

  /** Sends the body in small chunks without a Content-Length, as a streaming client would. */
  function chunked(body: string, contentType: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const headers = { 'transfer-encoding': 'chunked', ...(contentType ? { 'content-type': contentType } : {}) };
      const request = httpRequest(url, { method: 'POST', headers }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode!));
      });
      request.on('error', reject);
      for (let at = 0; at < body.length; at += 256) request.write(body.slice(at, at + 256));
      request.end();
    });
  }
});
