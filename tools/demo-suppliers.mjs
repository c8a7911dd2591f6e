// The demo's suppliers, played through the supplier portal API: accept every offer for
// the demo order, then work the jobs in routing order (start, progress 50 %, complete)
// and ship after the last operation.
//
// Read of a job (GET /v1/supplier/jobs items, contracts' SupplierJobView): jobId, orderId,
// status, sequence (its position in the routing), isLastOperation, quantity, capability,
// description, factoryId.
import { ApiError, itemsOf } from './api-client.mjs';

// Offers may arrive all at once (when the order is planned) or one after another; once
// the last operation has been offered, or no new offer came for this long, the lowest
// accepted job is the next one in routing order.
const QUIET_BEFORE_WORKING_MS = 3000;

export class SupplierPlayer {
  constructor({ api, suppliers, orderId, say }) {
    this.api = api;
    this.suppliers = suppliers;
    this.orderId = orderId;
    this.say = say;
    /** Jobs of the demo order that we hold: id → { job, supplier, status } */
    this.jobs = new Map();
    this.lastNewOfferAt = Date.now();
    this.lastOperationSeen = false;
    this.shipped = false;
  }

  /** One round: take new offers, then do the next job in routing order, if any is due. */
  async playOnce() {
    await this.acceptNewOffers();
    const next = this.nextJobInRoutingOrder();
    if (next) await this.produce(next);
  }

  async acceptNewOffers() {
    for (const supplier of this.suppliers) {
      const { body } = await this.api('GET', '/v1/supplier/jobs?status=offered&limit=100', { token: supplier.token });
      for (const job of itemsOf(body)) {
        if (orderIdOf(job) !== this.orderId || this.jobs.has(jobIdOf(job))) continue;
        this.lastNewOfferAt = Date.now();
        if (job.isLastOperation) this.lastOperationSeen = true;
        this.say(`${supplier.name} is offered job ${shortId(jobIdOf(job))}: ${this.describe(job)}`);
        const held = { job, supplier, status: 'offered' };
        this.jobs.set(jobIdOf(job), held);
        if (await this.transition(held, 'accept')) held.status = 'accepted';
      }
    }
  }

  nextJobInRoutingOrder() {
    const routingKnown = this.lastOperationSeen || Date.now() - this.lastNewOfferAt >= QUIET_BEFORE_WORKING_MS;
    if (!routingKnown) return undefined;
    const workable = [...this.jobs.values()].filter((held) => ['accepted', 'in_progress'].includes(held.status));
    return workable.sort((a, b) => routingPosition(a.job) - routingPosition(b.job))[0];
  }

  async produce(held) {
    if (held.status === 'accepted') {
      if (!(await this.transition(held, 'start'))) return;
      held.status = 'in_progress';
      if (!(await this.transition(held, 'progress', { percent: 50, note: 'half way (demo)' }))) return;
    }
    const goodQuantity = held.job.quantity ?? 1;
    if (!(await this.transition(held, 'complete', { goodQuantity }))) return;
    held.status = 'completed';
    if (held.job.isLastOperation) await this.ship(held);
  }

  async ship(held) {
    const trackingNumber = `DEMO-${Date.now().toString(36).toUpperCase()}`;
    const { body } = await this.api('POST', '/v1/supplier/shipments', {
      token: held.supplier.token,
      body: { jobIds: [jobIdOf(held.job)], carrier: 'DHL', trackingNumber },
    });
    this.shipped = true;
    this.say(
      `${held.supplier.name} ships job ${shortId(jobIdOf(held.job))} with DHL, tracking ${trackingNumber}${body?.id ? ` (shipping notice ${shortId(body.id)})` : ''}`,
    );
  }

  /**
   * POST /v1/supplier/jobs/{id}/{action}. A 409 means the job moved on without us
   * (withdrawn, expired, re-planned): say so, re-read it, and let the caller skip it.
   */
  async transition(held, action, body = {}) {
    const { status, body: answer } = await this.api('POST', `/v1/supplier/jobs/${jobIdOf(held.job)}/${action}`, {
      token: held.supplier.token,
      body,
      accept: [200, 201, 204, 409],
    });
    if (status === 409) {
      held.status = await this.currentStatus(held);
      this.say(
        `${held.supplier.name} cannot ${action} job ${shortId(jobIdOf(held.job))} (409 ${answer?.error?.code ?? ''}: ${answer?.error?.message ?? ''}); it is now ${held.status}`,
      );
      return false;
    }
    this.say(
      `${held.supplier.name} ${verbs[action] ?? action} job ${shortId(jobIdOf(held.job))} (${brief(held.job)})${outcome(action, body)}`,
    );
    return true;
  }

  async currentStatus(held) {
    try {
      const { body } = await this.api('GET', `/v1/supplier/jobs/${jobIdOf(held.job)}`, { token: held.supplier.token });
      return body?.status ?? 'unknown';
    } catch (error) {
      return error instanceof ApiError ? `unknown (${error.message})` : 'unknown';
    }
  }

  describe(job) {
    const factory = this.suppliers.flatMap((s) => s.factories ?? []).find((f) => f.id === job.factoryId);
    const step = job.sequence === undefined ? '' : `step ${job.sequence}, `;
    const what = job.description ? `${job.description} (${job.capability})` : job.capability;
    return `${step}${what ?? 'operation'}${factory ? ` at ${factory.name}` : ''}${job.isLastOperation ? ', last operation' : ''}`;
  }

  /** What the suppliers hold, for the timeout report. */
  summary() {
    if (this.jobs.size === 0) return 'no offer for this order reached either supplier';
    return [...this.jobs.values()]
      .map((h) => `${shortId(jobIdOf(h.job))} ${h.status} at ${h.supplier.name} (${this.describe(h.job)})`)
      .join('; ');
  }
}

function brief(job) {
  return [job.sequence === undefined ? undefined : `step ${job.sequence}`, job.capability].filter(Boolean).join(' ');
}

function orderIdOf(job) {
  return job.orderId ?? job.order?.id;
}

function jobIdOf(job) {
  return job.jobId ?? job.id;
}

function routingPosition(job) {
  if (typeof job.sequence === 'number') return job.sequence;
  const plannedStart = Date.parse(job.plannedStart ?? '');
  return Number.isNaN(plannedStart) ? Number.MAX_SAFE_INTEGER : plannedStart;
}

const verbs = { accept: 'accepts', start: 'starts', progress: 'reports progress on', complete: 'completes' };

function outcome(action, body) {
  if (action === 'progress') return `: ${body.percent} %`;
  if (action === 'complete') return `: ${body.goodQuantity} good`;
  return '';
}

export function shortId(id) {
  return String(id).slice(0, 8);
}
