import { cleanUpNamespace, testNamespace } from '@atelier/testing';
import { ApiClient } from './support/http';
import { startSystem, withAppOutput, type RunningSystem } from './support/system';

/** The HTTP edge with no service behind it: what a client sees when a dependency is down or it asks too often. */
describe('the gateway on its own', () => {
  const namespace = testNamespace('edge');
  let system: RunningSystem;
  let operator: ApiClient;
  let anonymous: ApiClient;

  beforeAll(async () => {
    system = await startSystem(namespace, { RATE_LIMIT_PER_MINUTE: '6' }, ['gateway']);
    anonymous = new ApiClient(system.baseUrl);
    operator = anonymous.as(system.adminToken);
  });

  afterAll(async () => {
    await system?.stop();
    await cleanUpNamespace(namespace);
  });

  it('answers 503 at once, with a typed error, when the service behind a route is down', () =>
    withAppOutput(system, async () => {
      const started = Date.now();
      const answer = await operator.get('/v1/products');
      expect(answer).toEqual({ status: 503, body: { error: expect.objectContaining({ code: 'DEPENDENCY_UNAVAILABLE' }) } });
      expect(Date.now() - started).toBeLessThan(5_000);
    }));

  it('answers 401 without a token, and 429 once a token has asked one route too often', () =>
    withAppOutput(system, async () => {
      expect((await anonymous.get('/v1/admin/dead-letters')).status).toBe(401);
      const statuses: number[] = [];
      // However the header is spelled, it is the same token and the same allowance.
      const spellings = [`Bearer ${system.adminToken}`, `bearer ${system.adminToken}`, `Bearer  ${system.adminToken}`];
      for (let i = 0; i < 6; i++) {
        const answer = await anonymous.call('GET', '/v1/admin/dead-letters', undefined, { authorization: spellings[i % 3] });
        statuses.push(answer.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
      const limited = await operator.get('/v1/admin/dead-letters');
      expect(limited).toEqual({ status: 429, body: { error: expect.objectContaining({ code: 'RATE_LIMITED' }) } });
    }));

  it('refuses input no service could store or honour with 400, before any service is asked', () =>
    withAppOutput(system, async () => {
      const nul = await operator.post('/v1/admin/customers', { name: 'Ada\u0000' });
      expect(nul).toEqual({ status: 400, body: { error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) } });
      expect(nul.body.error.details).toEqual([{ path: 'body.name', message: expect.any(String) }]);
      expect((await operator.get('/v1/products/bike%00')).status).toBe(400);
      expect((await operator.get('/v1/products/bicycle?version=3000000000')).status).toBe(400);
      const malformed = await operator.call('POST', '/v1/admin/customers', '{"name": ', { 'content-type': 'application/json' });
      expect(malformed.status).toBe(400);
      const longKey = await operator.post('/v1/admin/customers', { name: 'Ada' }, { 'Idempotency-Key': 'k'.repeat(201) });
      expect(longKey).toEqual({ status: 400, body: { error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) } });
    }));

  it('serves its health and both interface documents without a token; metrics and readiness details only on its management port', () =>
    withAppOutput(system, async () => {
      expect((await anonymous.get('/health/live')).status).toBe(200);
      // Load balancers learn whether it is ready, nothing of what it depends on.
      expect(await anonymous.get('/health/ready')).toEqual({ status: 200, body: { status: 'ok' } });
      expect((await anonymous.get('/docs/openapi.json')).body.openapi).toBe('3.1.0');
      expect((await anonymous.get('/docs/asyncapi.json')).body.asyncapi).toBe('3.0.0');
      expect((await anonymous.get('/metrics')).status).toBe(404);
      expect((await operator.get('/metrics')).status).toBe(404);

      const management = new ApiClient(system.managementUrl('gateway'));
      const ready = await management.get('/health/ready');
      expect(ready).toEqual({ status: 200, body: { status: 'ok', checks: [{ name: 'nats', status: 'up' }] } });
      const metrics = await system.scrape('gateway');
      expect(metrics).toContain('atelier_http_request_duration_seconds');
      expect(metrics).toMatch(/^process_cpu_seconds_total\{app="gateway"\} /m);
    }));
});
