import { Controller, Get, Header } from '@nestjs/common';
import { asyncApiDocument } from './asyncapi';
import { openApiDocument } from './openapi';

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>Atelier API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script></body></html>`;

@Controller('docs')
export class DocsController {
  private readonly document = openApiDocument();
  private readonly events = asyncApiDocument();

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page() {
    return page;
  }

  @Get('openapi.json')
  openApi() {
    return this.document;
  }

  /** The event catalog for subscribers (ERP, analytics, notifications). */
  @Get('asyncapi.json')
  asyncApi() {
    return this.events;
  }

  @Get('assets/init.js')
  @Header('Content-Type', 'application/javascript')
  init() {
    return `window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#ui' });`;
  }
}
