import { z } from 'zod';
import type { RouteSpec } from '../http/route';

const documentSchema = z.looseObject({}).describe('the document');

/** Served to anyone: the documents of the API and of the events. */
export const publicRoutes = {
  docsPage: {
    method: 'GET',
    path: 'docs',
    allow: 'public',
    tag: 'public',
    summary: 'This document, readable (Swagger UI)',
    request: null,
    status: 200,
    reply: z.string(),
    produces: 'text/html',
  },
  docsScript: {
    method: 'GET',
    path: 'docs/assets/init.js',
    allow: 'public',
    tag: 'public',
    summary: 'What starts Swagger UI on the docs page',
    request: null,
    status: 200,
    reply: z.string(),
    produces: 'application/javascript',
  },
  openApi: {
    method: 'GET',
    path: 'docs/openapi.json',
    allow: 'public',
    tag: 'public',
    summary: "This document (OpenAPI 3.1), generated from the gateway's route table",
    request: null,
    status: 200,
    reply: documentSchema,
  },
  asyncApi: {
    method: 'GET',
    path: 'docs/asyncapi.json',
    allow: 'public',
    tag: 'public',
    summary: 'The event catalog for subscribers (AsyncAPI 3), generated from the event schemas',
    request: null,
    status: 200,
    reply: documentSchema,
  },
} satisfies Record<string, RouteSpec>;
