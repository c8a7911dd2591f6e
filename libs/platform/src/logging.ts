import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { acceptableId, currentLogContext } from '@atelier/messaging';
import { Logger, LoggerModule, type Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { pino, type DestinationStream, type LoggerOptions } from 'pino';
import type { Options as HttpLogOptions } from 'pino-http';
import pretty from 'pino-pretty';
import type { ServiceConfig } from './config';

/** The HTTP header a caller may name its correlation id in; the gateway answers with the one it used. */
export const CORRELATION_ID_HTTP_HEADER = 'x-correlation-id';

/** Values that never reach a log: credentials, and a customer's address (personal data). */
const secretFields = ['authorization', 'cookie', 'password', 'token', 'tokenHash', 'address', 'shippingAddress'];
/** How deep in a logged object a secret field is found (the redaction's wildcards match one level each). */
const REDACT_DEPTH = 4;

export const redactedPaths: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...secretFields.flatMap((field) =>
    Array.from({ length: REDACT_DEPTH }, (_, depth) => [...Array(depth).fill('*'), field].join('.')),
  ),
];

type LogSettings = Pick<ServiceConfig, 'serviceName' | 'logLevel' | 'logFormat'>;

/**
 * One JSON object a line: `level` (its name), `time` (ISO), `service`, `msg`, the Nest `context`
 * (the class that logged), and for work done for an order its `correlationId` and `orderId`
 * (from the log context the messaging entry points open, or the HTTP request's).
 */
export function pinoOptions(settings: LogSettings): LoggerOptions {
  return {
    level: settings.logLevel,
    base: { service: settings.serviceName, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    mixin: contextFields,
  };
}

/** A fresh object each line: pino merges the line's own fields into it. */
function contextFields(): object {
  const context = currentLogContext();
  if (!context) return {};
  return { correlationId: context.correlationId, orderId: context.orderId };
}

/** stdout as JSON lines, or (LOG_FORMAT=pretty, as `npm start` sets) readable coloured lines. */
export function logDestination(settings: LogSettings): DestinationStream {
  return settings.logFormat === 'pretty'
    ? pretty({
        colorize: true,
        sync: true,
        singleLine: true,
        translateTime: 'SYS:HH:MM:ss.l',
        messageFormat: '{if context}[{context}] {end}{msg}',
        ignore: 'pid,hostname,service,context',
      })
    : pino.destination({ dest: 1, sync: true });
}

/**
 * The correlation id of an HTTP request: the caller's `x-correlation-id` when it is a short printable
 * id, else a new one; either way the response says which (same header).
 */
export function httpCorrelationId(request: IncomingMessage, response: ServerResponse): string {
  const id = acceptableId(request.headers[CORRELATION_ID_HTTP_HEADER]) ?? randomUUID();
  response.setHeader(CORRELATION_ID_HTTP_HEADER, id);
  return id;
}

/**
 * pino-http: every request gets its correlation id (bound to the lines written while answering it).
 * With `accessLog` (the gateway) each API request is one line at its end, at info (5xx at warn, a
 * failure at error); health and metrics are not logged. The domain apps' HTTP is health and metrics only.
 */
function httpLogOptions(settings: LogSettings, accessLog: boolean): HttpLogOptions {
  return {
    ...pinoOptions(settings),
    genReqId: httpCorrelationId,
    customAttributeKeys: { reqId: 'correlationId' },
    quietReqLogger: true,
    // Cheap serializers: the method and path, the status; never headers.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { originalUrl?: string }) => ({
        method: req.method,
        url: (req.originalUrl ?? req.url ?? '').slice(0, 500),
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
    autoLogging: accessLog ? { ignore: (req) => /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? '') } : false,
    customLogLevel: (_req, res, error) => (error ? 'error' : res.statusCode >= 500 ? 'warn' : 'info'),
    // A 5xx is logged with what went wrong, without a stack (pino-http makes an Error for each; a 500's
    // own stack is logged by the gateway's error filter).
    customErrorObject: (_req, _res, error, fields: Record<string, unknown>) => ({
      res: fields.res,
      responseTime: fields.responseTime,
      error: error.message,
    }),
  };
}

export function loggerParams(settings: LogSettings, options: { accessLog: boolean }): Params {
  return {
    pinoHttp: [httpLogOptions(settings, options.accessLog), logDestination(settings)],
    // PinoLogger.assign (an order id learnt while answering) also reaches the request's access line.
    assignResponse: true,
  };
}

@Module({})
class LoggedAppModule {}

/** The app with pino as its logger: NestFactory.create(withLogs(...), { bufferLogs: true }), then useLogs(app). */
export function withLogs(
  appModule: unknown,
  settings: LogSettings,
  options: { accessLog: boolean } = { accessLog: false },
): DynamicModule {
  return {
    module: LoggedAppModule,
    imports: [LoggerModule.forRoot(loggerParams(settings, options)), appModule as DynamicModule],
  };
}

/** Nest's own logger, and every `new Logger(...)` in the code, write through pino from here on. */
export function useLogs(app: INestApplication): void {
  app.useLogger(app.get(Logger));
}
