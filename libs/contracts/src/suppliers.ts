import { z } from 'zod';
import { bomLineSchema, idempotencyKeySchema, isoDateTime, selectionsSchema } from './common';
import { defineEvent, defineRequest } from './define';
import { pageQuerySchema, type Page } from './paging';
import { jobSchema, jobStatuses } from './scheduling';

export const principalKinds = ['operator', 'customer', 'supplier'] as const;
export type PrincipalKind = (typeof principalKinds)[number];

export interface Principal {
  kind: PrincipalKind;
  /** The customer's or supplier's id; "operator" for the operator. */
  id: string;
  tokenId: string | null;
}

/**
 * How suppliers and scheduling read a closure's bounds, the one rule for both: a date (the whole day,
 * in the factory's time zone: "to" includes it), a date-time without an offset (local to the factory),
 * or an instant with one (Z or ±hh:mm). Anything else is refused at the edge (400), never guessed.
 */
export const CLOSURE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
export const closureTimeSchema = z
  .string()
  .regex(CLOSURE_TIME, 'must be YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss] (local to the factory) or an instant with Z or an offset');

export const calendarSchema = z.object({
  timeZone: z.string().min(1).optional(),
  workingHours: z
    .array(
      z.object({
        day: z.number().int().min(1).max(7),
        from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
        to: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/),
      }),
    )
    .max(100),
  closures: z
    .array(z.object({ from: closureTimeSchema, to: closureTimeSchema, reason: z.string().max(200).optional() }))
    .max(500),
});
export type CalendarData = z.infer<typeof calendarSchema>;

export const capabilitySchema = z.object({
  capability: z.string().min(1).max(64),
  workCentres: z.number().int().min(1).max(1000),
  speedFactor: z.number().positive().max(100),
});

export const factoryBodySchema = z.object({
  name: z.string().min(1).max(200),
  timeZone: z.string().min(1),
  calendar: calendarSchema.omit({ timeZone: true }),
  capabilities: z.array(capabilitySchema).min(1).max(100),
});

export const factorySchema = factoryBodySchema.extend({ id: z.string(), supplierId: z.string() });
export type FactoryData = z.infer<typeof factorySchema>;

/** A factory in a list: what it can make, not its calendar (up to 500 closures: GET .../factories/{id}). */
export const factorySummarySchema = factorySchema.omit({ calendar: true });
export type FactorySummary = z.infer<typeof factorySummarySchema>;

/** Factories a supplier in a list carries at most; factoryCount says how many it has, the rest are a page away. */
export const MAX_EMBEDDED_FACTORIES = 10;

/** A supplier in the operator's list: its first factories (oldest first) with their capabilities. */
export const supplierViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  factoryCount: z.number().int(),
  factories: z.array(factorySummarySchema),
});
export type SupplierView = z.infer<typeof supplierViewSchema>;

/** A job in the supplier's list: everything but the configuration and BOM, which GET /v1/supplier/jobs/{id} carries. */
export const supplierJobSummarySchema = jobSchema.extend({
  status: z.enum(jobStatuses),
  offerDeadline: z.string().nullable(),
  progressPercent: z.number(),
  goodQuantity: z.number().int().nullable(),
  scrapQuantity: z.number().int().nullable(),
  /** Why it is as it is: the supplier's rejection or delay reason, or why it was withdrawn (e.g. "Order cancelled: …"). */
  statusReason: z.string().nullable(),
  updatedAt: z.string(),
});
export type SupplierJobSummary = z.infer<typeof supplierJobSummarySchema>;

export const supplierJobViewSchema = supplierJobSummarySchema.extend({
  selections: selectionsSchema,
  bom: z.array(bomLineSchema),
});
export type SupplierJobView = z.infer<typeof supplierJobViewSchema>;

export const supplierJobsQuerySchema = pageQuerySchema.extend({
  status: z.enum(jobStatuses).optional(),
  factoryId: z.string().min(1).max(200).optional(),
});

/** What a supplier sends with each action on a job (`POST /v1/supplier/jobs/{id}/{action}`). */
export const jobActionBodySchemas = {
  accept: z.object({}),
  reject: z.object({ reason: z.string().min(1).max(500) }),
  start: z.object({}),
  progress: z.object({ percent: z.number().min(0).max(100), note: z.string().max(500).optional() }),
  delay: z.object({ newEnd: isoDateTime, reason: z.string().min(1).max(500) }),
  complete: z.object({ goodQuantity: z.number().int().min(0), scrapQuantity: z.number().int().min(0).optional() }),
};

export const jobActionSchema = z.discriminatedUnion('action', [
  jobActionBodySchemas.accept.extend({ action: z.literal('accept') }),
  jobActionBodySchemas.reject.extend({ action: z.literal('reject') }),
  jobActionBodySchemas.start.extend({ action: z.literal('start') }),
  jobActionBodySchemas.progress.extend({ action: z.literal('progress') }),
  jobActionBodySchemas.delay.extend({ action: z.literal('delay') }),
  jobActionBodySchemas.complete.extend({ action: z.literal('complete') }),
]);
export type JobAction = z.infer<typeof jobActionSchema>;

/** `POST /v1/admin/suppliers` and `/v1/admin/customers`: who is onboarded. */
export const principalBodySchema = z.object({ name: z.string().min(1).max(200) });

/** A token as issued: the only time it is shown. */
export const issuedTokenSchema = z.object({ tokenId: z.string(), token: z.string() });
export type IssuedToken = z.infer<typeof issuedTokenSchema>;

/** A new customer or supplier with its first token: the only time the token is shown. */
export const issuedPrincipalSchema = issuedTokenSchema.extend({ id: z.string(), name: z.string() });
export type IssuedPrincipal = z.infer<typeof issuedPrincipalSchema>;

export const revokedTokenSchema = z.object({ tokenId: z.string(), revoked: z.literal(true) });
export type RevokedToken = z.infer<typeof revokedTokenSchema>;

/** `POST /v1/supplier/shipments`: a shipping notice for completed last operations. */
export const shipmentBodySchema = z.object({
  jobIds: z.array(z.string()).min(1).max(100),
  carrier: z.string().min(1).max(100),
  trackingNumber: z.string().min(1).max(100),
});

export const shipmentViewSchema = shipmentBodySchema.extend({ id: z.string(), dispatchedAt: z.string() });
export type ShipmentView = z.infer<typeof shipmentViewSchema>;

export const SuppliersRequests = {
  authenticate: defineRequest<Principal>()('suppliers.principals.authenticate', z.object({ tokenHash: z.string().length(64) })),
  /** With an idempotencyKey, created once: a repeat answers the same principal with a new token (the unseen one is revoked). */
  createCustomer: defineRequest<IssuedPrincipal>()(
    'suppliers.customers.create',
    principalBodySchema.extend({ idempotencyKey: idempotencyKeySchema.optional() }),
  ),
  createSupplier: defineRequest<IssuedPrincipal>()(
    'suppliers.suppliers.create',
    principalBodySchema.extend({ idempotencyKey: idempotencyKeySchema.optional() }),
  ),
  /** Oldest first. */
  listSuppliers: defineRequest<Page<SupplierView>>()('suppliers.suppliers.list', pageQuerySchema),
  issueToken: defineRequest<IssuedToken>()('suppliers.tokens.issue', z.object({ supplierId: z.string() })),
  revokeToken: defineRequest<RevokedToken>()('suppliers.tokens.revoke', z.object({ tokenId: z.string() })),
  createFactory: defineRequest<FactoryData>()(
    'suppliers.factories.create',
    factoryBodySchema.extend({ supplierId: z.string(), idempotencyKey: idempotencyKeySchema.optional() }),
  ),
  /** A supplier's factories, oldest first; an unknown supplier is NOT_FOUND. */
  listFactories: defineRequest<Page<FactorySummary>>()(
    'suppliers.factories.list',
    pageQuerySchema.extend({ supplierId: z.string() }),
  ),
  getFactory: defineRequest<FactoryData>()(
    'suppliers.factories.get',
    z.object({ supplierId: z.string(), factoryId: z.string() }),
  ),
  replaceCalendar: defineRequest<FactoryData>()(
    'suppliers.factories.calendar.replace',
    z.object({ supplierId: z.string(), factoryId: z.string(), calendar: calendarSchema }),
  ),
  /** Newest first. */
  listJobs: defineRequest<Page<SupplierJobSummary>>()(
    'suppliers.jobs.list',
    supplierJobsQuerySchema.extend({ supplierId: z.string() }),
  ),
  getJob: defineRequest<SupplierJobView>()('suppliers.jobs.get', z.object({ supplierId: z.string(), jobId: z.string() })),
  actOnJob: defineRequest<SupplierJobView>()(
    'suppliers.jobs.act',
    z.object({ supplierId: z.string(), jobId: z.string(), act: jobActionSchema }),
  ),
  /**
   * Orders asks before it cancels an order: suppliers owns whether production has started, so it
   * decides. Granted (idempotently) while no job of the order has started, and from then on every
   * start is refused; INVALID_TRANSITION once one has. Not for the gateway: a customer cancels
   * through orders.
   */
  closeOrder: defineRequest<{ orderId: string; closed: true }>()(
    'suppliers.orders.close',
    z.object({ orderId: z.string(), reason: z.string().max(500).nullable() }),
  ),
  createShipment: defineRequest<ShipmentView>()(
    'suppliers.shipments.create',
    shipmentBodySchema.extend({ supplierId: z.string() }),
  ),
};

const jobRef = jobSchema.pick({
  jobId: true,
  orderId: true,
  lineId: true,
  productId: true,
  version: true,
  operationId: true,
  factoryId: true,
  supplierId: true,
  isLastOperation: true,
});

export const SupplierEvents = {
  jobAccepted: defineEvent('SUPPLIERS', 'suppliers.events.job.accepted', 1, jobRef),
  jobRejected: defineEvent('SUPPLIERS', 'suppliers.events.job.rejected', 1, jobRef.extend({ reason: z.string() })),
  jobExpired: defineEvent('SUPPLIERS', 'suppliers.events.job.expired', 1, jobRef),
  jobStarted: defineEvent('SUPPLIERS', 'suppliers.events.job.started', 1, jobRef),
  jobProgressed: defineEvent(
    'SUPPLIERS',
    'suppliers.events.job.progressed',
    1,
    jobRef.extend({ percent: z.number(), note: z.string().optional() }),
  ),
  jobDelayed: defineEvent(
    'SUPPLIERS',
    'suppliers.events.job.delayed',
    1,
    jobRef.extend({ newEnd: z.string(), reason: z.string() }),
  ),
  jobCompleted: defineEvent(
    'SUPPLIERS',
    'suppliers.events.job.completed',
    1,
    jobRef.extend({ goodQuantity: z.number().int(), scrapQuantity: z.number().int() }),
  ),
  shipmentDispatched: defineEvent(
    'SUPPLIERS',
    'suppliers.events.shipment.dispatched',
    1,
    z.object({
      shipmentId: z.string(),
      supplierId: z.string(),
      carrier: z.string(),
      trackingNumber: z.string(),
      jobs: z.array(z.object({ jobId: z.string(), orderId: z.string(), lineId: z.string() })),
    }),
  ),
  /** Suppliers granted an order's cancel (SuppliersRequests.closeOrder): no job of it will start. Orders cancels the order on it. */
  orderClosed: defineEvent(
    'SUPPLIERS',
    'suppliers.events.order.closed',
    1,
    z.object({ orderId: z.string(), reason: z.string().nullable() }),
  ),
  factoryRegistered: defineEvent('SUPPLIERS', 'suppliers.events.factory.registered', 1, factorySchema),
  /** A customer's or supplier's token no longer signs in (revoked by the operator, or replaced by a repeated create). Gateways forget it at once. */
  tokenRevoked: defineEvent('SUPPLIERS', 'suppliers.events.token.revoked', 1, z.object({ tokenId: z.string() })),
  calendarChanged: defineEvent('SUPPLIERS', 'suppliers.events.calendar.changed', 1, factorySchema),
};
