import type { z } from 'zod';

/** A NATS request: its subject (before namespacing), the schema of its payload, and (as a type) its reply. */
export interface RequestContract<TSchema extends z.ZodType, TReply> {
  readonly subject: string;
  readonly schema: TSchema;
  /** Type-only carrier of the reply type; never read at run time. */
  readonly reply?: TReply;
}

export function defineRequest<TReply>() {
  return <TSchema extends z.ZodType>(subject: string, schema: TSchema): RequestContract<TSchema, TReply> => ({
    subject,
    schema,
  });
}

export type RequestOf<C> = C extends RequestContract<infer S, unknown> ? z.infer<S> : never;
export type ReplyOf<C> = C extends RequestContract<z.ZodType, infer R> ? R : never;

/** A durable business event: its stream, subject, version and data schema. */
export interface EventContract<TSchema extends z.ZodType> {
  readonly stream: StreamName;
  readonly type: string;
  readonly subject: string;
  readonly version: number;
  readonly schema: TSchema;
}

export type StreamName = 'ORDERS' | 'CONFIGURATOR' | 'SCHEDULING' | 'SUPPLIERS';

export function defineEvent<TSchema extends z.ZodType>(
  stream: StreamName,
  subject: string,
  version: number,
  schema: TSchema,
): EventContract<TSchema> {
  const type = subject.split('.events.')[1];
  return { stream, subject, type, version, schema };
}

export type EventDataOf<E> = E extends EventContract<infer S> ? z.infer<S> : never;
