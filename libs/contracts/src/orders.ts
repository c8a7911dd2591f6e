import { z } from 'zod';
import { isoDateTime, moneySchema, routingOperationSchema, bomLineSchema, selectionsSchema } from './common';
import { pricedLineSchema, quoteLineRequestSchema } from './configurator';
import { defineEvent, defineRequest } from './define';
import { pageQuerySchema, type Page } from './paging';

export const orderStatuses = [
  'placed',
  'confirmed',
  'scheduled',
  'in_production',
  'shipped',
  'rejected',
  'cancelled',
  'on_hold',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const shippingAddressSchema = z.object({
  name: z.string().min(1).max(200),
  street: z.string().min(1).max(200),
  city: z.string().min(1).max(100),
  postalCode: z.string().min(1).max(20),
  country: z.string().length(2),
});

export const placeOrderBodySchema = z.object({
  lines: z.array(quoteLineRequestSchema).min(1).max(100),
  requestedDate: isoDateTime.optional(),
  shippingAddress: shippingAddressSchema,
  quoteId: z.string().optional(),
});
export type PlaceOrderBody = z.infer<typeof placeOrderBodySchema>;

export const quoteBodySchema = z.object({
  lines: z.array(quoteLineRequestSchema).min(1).max(100),
  requestedDate: isoDateTime.optional(),
});

/** `POST /v1/orders/{id}/cancel`: why, optionally. */
export const cancelOrderBodySchema = z.object({ reason: z.string().max(500).optional() });

export const lineProgressSchema = z.object({ jobs: z.number().int(), completed: z.number().int(), percent: z.number() });
export type LineProgress = z.infer<typeof lineProgressSchema>;

export const orderLineViewSchema = z.object({
  lineId: z.string(),
  productId: z.string(),
  version: z.number().int(),
  selections: selectionsSchema,
  quantity: z.number().int(),
  unitPrice: moneySchema,
  lineTotal: moneySchema,
  progress: lineProgressSchema,
});
export type OrderLineView = z.infer<typeof orderLineViewSchema>;

export const timelineEntrySchema = z.object({ at: z.string(), type: z.string(), message: z.string() });
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const orderViewSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  status: z.enum(orderStatuses),
  statusReason: z.string().nullable(),
  lines: z.array(orderLineViewSchema),
  total: moneySchema,
  requestedDate: z.string().nullable(),
  promisedDate: z.string().nullable(),
  shippingAddress: shippingAddressSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  timeline: z.array(timelineEntrySchema),
});
export type OrderView = z.infer<typeof orderViewSchema>;

/**
 * An order in a list: its state, money and dates, how many lines and how far production is over all
 * of them. Lines with their selections and the timeline are in GET /v1/orders/{id}; statusReason is
 * cut to MAX_LISTED_REASON characters here.
 */
export const orderSummaryViewSchema = orderViewSchema
  .pick({
    id: true,
    customerId: true,
    status: true,
    statusReason: true,
    total: true,
    requestedDate: true,
    promisedDate: true,
    createdAt: true,
    updatedAt: true,
  })
  .extend({ lineCount: z.number().int(), progress: lineProgressSchema });
export type OrderSummaryView = z.infer<typeof orderSummaryViewSchema>;

export const MAX_LISTED_REASON = 500;

export const orderListQuerySchema = pageQuerySchema.extend({ status: z.enum(orderStatuses).optional() });

/** The operator's list of every customer's orders; `stuck=true` lists only orders the watchdog finds stuck (OrderStuck). */
export const adminOrderListQuerySchema = orderListQuerySchema.extend({
  stuck: z.enum(['true', 'false']).optional().describe('only orders that sit in a non-final status longer than they should'),
});

/** Why an order counts as stuck, and since when (the watchdog's rule, docs/RELIABILITY.md). */
export const orderStuckSchema = z.object({ since: z.string(), reason: z.string() });
export type OrderStuck = z.infer<typeof orderStuckSchema>;

/** An order in the operator's list: the summary, and when it is stuck, why. */
export const adminOrderSummaryViewSchema = orderSummaryViewSchema.extend({ stuck: orderStuckSchema.nullable() });
export type AdminOrderSummaryView = z.infer<typeof adminOrderSummaryViewSchema>;

export const quoteViewSchema = z.object({
  id: z.string(),
  lines: z.array(pricedLineSchema.extend({ bomSummary: z.object({ lines: z.number().int(), items: z.array(z.string()) }) })),
  total: moneySchema,
  promisedDate: z.string().nullable(),
  promiseReason: z.string().optional(),
  validUntil: z.string(),
});
export type QuoteView = z.infer<typeof quoteViewSchema>;

export const OrdersRequests = {
  place: defineRequest<{ created: boolean; order: OrderView }>()(
    'orders.place',
    z.object({ customerId: z.string(), idempotencyKey: z.string().min(1).max(200), order: placeOrderBodySchema }),
  ),
  get: defineRequest<OrderView>()('orders.get', z.object({ customerId: z.string().optional(), orderId: z.string() })),
  /** Newest first. */
  list: defineRequest<Page<OrderSummaryView>>()('orders.list', orderListQuerySchema.extend({ customerId: z.string() })),
  /** Every customer's orders, newest first (the operator's view); `stuck` filters to stuck ones. */
  listAll: defineRequest<Page<AdminOrderSummaryView>>()(
    'orders.admin.list',
    orderListQuerySchema.extend({ stuck: z.boolean().optional() }),
  ),
  cancel: defineRequest<OrderView>()(
    'orders.cancel',
    cancelOrderBodySchema.extend({ customerId: z.string(), orderId: z.string() }),
  ),
  quote: defineRequest<QuoteView>()('orders.quote', quoteBodySchema.extend({ customerId: z.string() })),
};

const orderLineEventSchema = z.object({
  lineId: z.string(),
  productId: z.string(),
  version: z.number().int(),
  selections: selectionsSchema,
  quantity: z.number().int(),
  lineTotal: moneySchema,
});

/** What scheduling needs to plan a line: its pinned model version, routing and what the supplier must build. */
export const confirmedLineSchema = orderLineEventSchema.extend({
  routing: z.array(routingOperationSchema),
  bom: z.array(bomLineSchema),
});
export type ConfirmedLine = z.infer<typeof confirmedLineSchema>;

const orderRef = { orderId: z.string(), customerId: z.string() };

export const OrderEvents = {
  placed: defineEvent(
    'ORDERS',
    'orders.events.order.placed',
    1,
    z.object({ ...orderRef, lines: z.array(orderLineEventSchema), total: moneySchema, requestedDate: z.string().nullable() }),
  ),
  confirmed: defineEvent(
    'ORDERS',
    'orders.events.order.confirmed',
    1,
    z.object({ ...orderRef, lines: z.array(confirmedLineSchema), dueDate: z.string().nullable() }),
  ),
  rejected: defineEvent('ORDERS', 'orders.events.order.rejected', 1, z.object({ ...orderRef, reason: z.string() })),
  scheduled: defineEvent('ORDERS', 'orders.events.order.scheduled', 1, z.object({ ...orderRef, promisedDate: z.string() })),
  promiseChanged: defineEvent(
    'ORDERS',
    'orders.events.order.promise-changed',
    1,
    z.object({ ...orderRef, previousPromisedDate: z.string().nullable(), promisedDate: z.string() }),
  ),
  onHold: defineEvent('ORDERS', 'orders.events.order.on-hold', 1, z.object({ ...orderRef, reason: z.string() })),
  inProduction: defineEvent('ORDERS', 'orders.events.order.in-production', 1, z.object({ ...orderRef })),
  shipped: defineEvent(
    'ORDERS',
    'orders.events.order.shipped',
    1,
    z.object({ ...orderRef, shipments: z.array(z.object({ carrier: z.string(), trackingNumber: z.string() })) }),
  ),
  cancelled: defineEvent('ORDERS', 'orders.events.order.cancelled', 1, z.object({ ...orderRef, reason: z.string().nullable() })),
  /** The watchdog found the order in a non-final status longer than it should be: told once per status change. */
  stuck: defineEvent(
    'ORDERS',
    'orders.events.order.stuck',
    1,
    z.object({ ...orderRef, status: z.enum(orderStatuses), since: z.string(), reason: z.string() }),
  ),
};
