/* eslint-disable @typescript-eslint/no-explicit-any -- answers are JSON the actors read freely */
import { randomUUID } from 'node:crypto';
import { shippingAddress } from '../network';

export interface Answer {
  status: number;
  body: any;
}

/**
 * The public API as a client behind a load balancer sees it: requests spread over the gateways,
 * and a request that meets a dead gateway or a 503 is sent again (with the same idempotency key)
 * until it gets an answer or its deadline passes. Any other 5xx is a failure of ours, recorded.
 */
export class ResilientClient {
  readonly serverErrors: string[] = [];
  /** Requests sent so far, answered or not (a fault is held until the load has run into it). */
  attempts = 0;
  private next = 0;

  constructor(
    private readonly gateways: string[],
    private readonly retryForMs = 180_000,
  ) {}

  async call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const deadline = Date.now() + this.retryForMs;
    for (let attempt = 0; ; attempt++) {
      const base = this.gateways[this.next++ % this.gateways.length];
      const answer = await send(base, method, path, token, body, headers);
      this.attempts++;
      if (answer && answer.status !== 503) {
        if (answer.status >= 500)
          this.serverErrors.push(
            `${new Date().toISOString()} ${method} ${path} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
          );
        return answer;
      }
      if (Date.now() > deadline) return answer ?? { status: 0, body: 'no gateway answered' };
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** Math.min(attempt, 5))));
    }
  }
}

async function send(
  base: string,
  method: string,
  path: string,
  token: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Answer | null> {
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed };
  } catch {
    return null; // the gateway is down or did not answer: try another
  }
}

export interface Party {
  id: string;
  token: string;
}

/** Customers placing orders (each exactly once, however often the request is repeated) and cancelling some. */
export class Customers {
  readonly placed: string[] = [];
  readonly refused: string[] = [];
  readonly cancelled = new Set<string>();

  constructor(
    private readonly client: ResilientClient,
    private readonly customers: Party[],
    private readonly random: () => number,
  ) {}

  async place(count: number, perSecond: number, cancelShare: number): Promise<void> {
    const pending: Array<Promise<void>> = [];
    for (let i = 0; i < count; i++) {
      pending.push(this.placeOne(cancelShare));
      await new Promise((resolve) => setTimeout(resolve, 1_000 / perSecond));
    }
    await Promise.all(pending);
  }

  private async placeOne(cancelShare: number): Promise<void> {
    const customer = this.customers[Math.floor(this.random() * this.customers.length)];
    const body = {
      lines: [{ productId: 'bicycle', selections: {}, quantity: 1 + Math.floor(this.random() * 2) }],
      shippingAddress,
    };
    const key = randomUUID();
    const first = await this.client.call('POST', '/v1/orders', customer.token, body, { 'idempotency-key': key });
    if (first.status !== 201 && first.status !== 200) {
      this.refused.push(`${first.status} ${JSON.stringify(first.body).slice(0, 200)}`);
      return;
    }
    this.placed.push(first.body.id);
    // A client that lost the answer sends it again: the same order, not a second one.
    const again = await this.client.call('POST', '/v1/orders', customer.token, body, { 'idempotency-key': key });
    if (again.body?.id !== first.body.id)
      this.refused.push(`retry of ${first.body.id} answered ${again.status} ${again.body?.id}`);
    if (this.random() < cancelShare) {
      await new Promise((resolve) => setTimeout(resolve, this.random() * 5_000));
      const cancel = await this.client.call('POST', `/v1/orders/${first.body.id}/cancel`, customer.token, {});
      if (cancel.status === 200) this.cancelled.add(first.body.id);
    }
  }
}

/**
 * Suppliers working their jobs through the portal: accepting most offers and rejecting some,
 * starting, reporting delays, completing (sometimes with scrap), and shipping finished orders.
 * A 409 means someone else moved the job first; that is expected in a busy network.
 */
export class Suppliers {
  readonly counts = { accepted: 0, rejected: 0, started: 0, delayed: 0, completed: 0, scrapped: 0, shipped: 0, conflicts: 0 };
  private readonly shipped = new Set<string>();
  private running = true;

  constructor(
    private readonly client: ResilientClient,
    private readonly suppliers: Party[],
    private readonly random: () => number,
    private readonly shares = { reject: 0.08, delay: 0.05, scrap: 0.05 },
  ) {}

  stop(): void {
    this.running = false;
  }

  async play(): Promise<void> {
    await Promise.all(this.suppliers.map((supplier) => this.playAs(supplier)));
  }

  private async playAs(supplier: Party): Promise<void> {
    while (this.running) {
      const worked = await this.round(supplier);
      if (!worked) await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  private async round(supplier: Party): Promise<number> {
    let worked = 0;
    for (const job of await this.jobs(supplier, 'offered')) {
      const reject = this.random() < this.shares.reject;
      worked += await this.act(
        supplier,
        job,
        reject ? 'reject' : 'accept',
        reject ? { reason: 'no capacity this week' } : undefined,
      );
    }
    for (const job of await this.jobs(supplier, 'accepted')) worked += await this.act(supplier, job, 'start');
    for (const job of await this.jobs(supplier, 'in_progress')) {
      if (this.random() < this.shares.delay && job.plannedEnd) {
        const newEnd = new Date(Date.parse(job.plannedEnd) + 2 * 3_600_000).toISOString();
        worked += await this.act(supplier, job, 'delay', { newEnd, reason: 'machine down' });
      }
      const scrap = this.random() < this.shares.scrap && job.quantity > 1 ? 1 : 0;
      worked += await this.act(supplier, job, 'complete', { goodQuantity: job.quantity - scrap, scrapQuantity: scrap });
    }
    const toShip = (await this.jobs(supplier, 'completed')).filter((job) => job.isLastOperation && !this.shipped.has(job.jobId));
    for (const job of toShip) {
      const answer = await this.client.call('POST', '/v1/supplier/shipments', supplier.token, {
        jobIds: [job.jobId],
        carrier: 'DHL',
        trackingNumber: `CHAOS-${job.jobId.slice(0, 8)}`,
      });
      if (answer.status < 300 || answer.status === 409) this.shipped.add(job.jobId);
      if (answer.status < 300) this.counts.shipped++;
      worked++;
    }
    return worked;
  }

  private async jobs(supplier: Party, status: string): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const answer = await this.client.call('GET', `/v1/supplier/jobs?${query}`, supplier.token);
      if (answer.status !== 200) return items;
      items.push(...answer.body.items);
      cursor = answer.body.nextCursor ?? null;
    } while (cursor && this.running);
    return items;
  }

  private async act(supplier: Party, job: any, action: string, body?: unknown): Promise<number> {
    const answer = await this.client.call('POST', `/v1/supplier/jobs/${job.jobId}/${action}`, supplier.token, body ?? {});
    if (answer.status === 409) this.counts.conflicts++;
    if (answer.status !== 200) return 0;
    const counted = {
      accept: 'accepted',
      reject: 'rejected',
      start: 'started',
      delay: 'delayed',
      complete: 'completed',
    } as const;
    this.counts[counted[action as keyof typeof counted]]++;
    if (action === 'complete' && (body as { scrapQuantity: number }).scrapQuantity > 0) this.counts.scrapped++;
    return 1;
  }
}
