import { Controller, Header } from '@nestjs/common';
import { Route } from '../http/route';
import { routes } from '../routes/routes';
import { asyncApiDocument } from './asyncapi';
import { openApiDocument } from './openapi';

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>Atelier API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script></body></html>`;

@Controller()
export class DocsController {
  private readonly document = openApiDocument();
  private readonly events = asyncApiDocument();

  @Route(routes.docsPage)
  @Header('Content-Type', 'text/html; charset=utf-8')
  page() {
    return page;
  }

  @Route(routes.openApi)
  openApi() {
    return this.document;
  }

  /** The event catalog for subscribers (ERP, analytics, notifications). */
  @Route(routes.asyncApi)
  asyncApi() {
    return this.events;
  }

  @Route(routes.docsScript)
  @Header('Content-Type', 'application/javascript')
  init() {
    return `window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#ui' });`;
  }
}
