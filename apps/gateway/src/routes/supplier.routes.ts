import {
  calendarSchema,
  factorySchema,
  factorySummarySchema,
  jobActionBodySchemas,
  pageQuerySchema,
  pageSchema,
  shipmentBodySchema,
  shipmentViewSchema,
  supplierJobsQuerySchema,
  supplierJobSummarySchema,
  supplierJobViewSchema,
  SuppliersRequests,
} from '@atelier/contracts';
import type { RouteSpec } from '../http/route';
import { PAGED } from './paged';

const jobAction = (action: string, summary: string) =>
  ({
    method: 'POST',
    path: `v1/supplier/jobs/:id/${action}`,
    allow: ['supplier'],
    tag: 'supplier',
    summary,
    request: SuppliersRequests.actOnJob,
    status: 200,
    reply: supplierJobViewSchema,
  }) as const;

/** Partner factories: their own jobs and factories only. */
export const supplierRoutes = {
  listJobs: {
    method: 'GET',
    path: 'v1/supplier/jobs',
    allow: ['supplier'],
    tag: 'supplier',
    summary: `The supplier's jobs, newest first, without configuration and BOM. ${PAGED}`,
    request: SuppliersRequests.listJobs,
    query: supplierJobsQuerySchema,
    status: 200,
    reply: pageSchema(supplierJobSummarySchema),
    example: { query: { status: 'offered' } },
  },
  getJob: {
    method: 'GET',
    path: 'v1/supplier/jobs/:id',
    allow: ['supplier'],
    tag: 'supplier',
    summary: 'A job with its full specification: configuration, BOM, planned times, the deadline to answer its offer',
    request: SuppliersRequests.getJob,
    status: 200,
    reply: supplierJobViewSchema,
  },
  acceptJob: { ...jobAction('accept', 'Accept an offered job'), body: jobActionBodySchemas.accept, example: { body: {} } },
  rejectJob: {
    ...jobAction('reject', 'Reject an offered job; it is re-planned elsewhere'),
    body: jobActionBodySchemas.reject,
    example: { body: { reason: 'Paint line down this week' } },
  },
  startJob: { ...jobAction('start', 'Production started'), body: jobActionBodySchemas.start, example: { body: {} } },
  reportProgress: {
    ...jobAction('progress', 'Report progress'),
    body: jobActionBodySchemas.progress,
    example: { body: { percent: 40, note: 'Frame welded' } },
  },
  reportDelay: {
    ...jobAction('delay', 'Report a delay; downstream work and the promise are re-planned'),
    body: jobActionBodySchemas.delay,
    example: { body: { newEnd: '2027-03-04T16:00:00Z', reason: 'Tubing arrives late' } },
  },
  completeJob: {
    ...jobAction('complete', 'Report completion; scrap is re-planned as new work'),
    body: jobActionBodySchemas.complete,
    example: { body: { goodQuantity: 9, scrapQuantity: 1 } },
  },
  createShipment: {
    method: 'POST',
    path: 'v1/supplier/shipments',
    allow: ['supplier'],
    tag: 'supplier',
    summary: 'Shipping notice for completed last operations',
    request: SuppliersRequests.createShipment,
    body: shipmentBodySchema,
    status: 201,
    reply: shipmentViewSchema,
    example: {
      body: { jobIds: ['6f1c2a9e-3b7d-4f1a-9c2e-8d5b4a3f2e10'], carrier: 'DHL', trackingNumber: 'JD014600006281234567' },
    },
  },
  listFactories: {
    method: 'GET',
    path: 'v1/supplier/factories',
    allow: ['supplier'],
    tag: 'supplier',
    summary: `The supplier's factories, oldest first, with capabilities (the calendar is in each factory). ${PAGED}`,
    request: SuppliersRequests.listFactories,
    query: pageQuerySchema,
    status: 200,
    reply: pageSchema(factorySummarySchema),
  },
  getFactory: {
    method: 'GET',
    path: 'v1/supplier/factories/:id',
    allow: ['supplier'],
    tag: 'supplier',
    summary: 'One factory with its calendar and closures',
    request: SuppliersRequests.getFactory,
    status: 200,
    reply: factorySchema,
  },
  replaceCalendar: {
    method: 'PUT',
    path: 'v1/supplier/factories/:id/calendar',
    allow: ['supplier'],
    tag: 'supplier',
    summary: "Replace a factory's working calendar and closures",
    request: SuppliersRequests.replaceCalendar,
    body: calendarSchema,
    status: 200,
    reply: factorySchema,
    example: {
      body: {
        timeZone: 'Europe/Paris',
        workingHours: [1, 2, 3, 4, 5].map((day) => ({ day, from: '08:00', to: '17:00' })),
        closures: [{ from: '2027-08-01', to: '2027-08-15', reason: 'Summer closure' }],
      },
    },
  },
} satisfies Record<string, RouteSpec>;
