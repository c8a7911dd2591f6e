import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { HealthService } from './health.service';

export const MANAGEMENT_PORT = Symbol('MANAGEMENT_PORT');

/**
 * The management listener of an app whose own port is public (the gateway): `/metrics`,
 * `/health/ready` with each dependency's answer, `/health/live`. Nothing else, and nothing of it on
 * the public port. It is for Prometheus and operators inside the network: never publish this port.
 */
@Injectable()
export class ManagementServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('management');
  private server: Server | null = null;

  constructor(
    @Inject(MANAGEMENT_PORT) private readonly port: number,
    @Inject(HealthService) private readonly health: HealthService,
  ) {}

  /** The port it listens on (the one the system chose, when configured as 0). */
  get listeningPort(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => {
      this.answer(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(new Error(`MANAGEMENT_PORT ${this.port}: ${error.message}`)));
      server.listen(this.port, '0.0.0.0', () => resolve());
    });
    this.server = server;
    this.logger.log(`Metrics and readiness on port ${this.listeningPort} (/metrics, /health/ready)`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET') return send(response, 405, 'application/json', { error: 'GET only' });
    if (path === '/metrics') return send(response, 200, register.contentType, await this.health.metrics());
    if (path === '/health/live') return send(response, 200, 'application/json', { status: 'ok' });
    if (path === '/health/ready') {
      const readiness = await this.health.readiness();
      return send(response, readiness.status === 'ok' ? 200 : 503, 'application/json', readiness);
    }
    send(response, 404, 'application/json', { error: 'not found' });
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: unknown): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}
