import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  AppError,
  type AppErrorPayload,
  type ReplyOf,
  type RequestContract,
  type RequestOf,
  type WireReply,
  Namespace,
} from '@atelier/contracts';
import type { z } from 'zod';

/**
 * Answers a namespaced request subject as a stand-in for another service, in the wire format its
 * RequestServer uses: what `answer` returns is the data, an AppError it throws is the typed error.
 * The stand-in validates nothing: it serves the app under test, not the contract.
 */
export function answerRequests<TRequest>(
  nc: NatsConnection,
  namespace: string,
  subject: string,
  answer: (request: TRequest) => unknown,
): Subscription {
  return nc.subscribe(new Namespace(namespace).subject(subject), {
    callback: (error, msg) => {
      if (error) return;
      void (async () => {
        let reply: WireReply<unknown>;
        try {
          reply = { ok: true, data: await answer(msg.json<TRequest>()) };
        } catch (failure) {
          reply = { ok: false, error: asPayload(failure) };
        }
        msg.respond(JSON.stringify(reply));
      })();
    },
  });
}

/** Unlike a real service, a stand-in says what broke: it is the test's own code. */
function asPayload(failure: unknown): AppErrorPayload {
  if (failure instanceof AppError) return failure.toPayload();
  return { code: 'INTERNAL', message: `stand-in failed: ${(failure as Error)?.message ?? String(failure)}` };
}

/** A raw request in the wire format, as another service would send it: the typed reply or the typed error. */
export async function sendRequest<C extends RequestContract<z.ZodType, unknown>>(
  nc: NatsConnection,
  namespace: string,
  contract: C,
  payload: RequestOf<C>,
  timeoutMs = 10_000,
): Promise<WireReply<ReplyOf<C>>> {
  const msg = await nc.request(new Namespace(namespace).subject(contract.subject), JSON.stringify(payload), {
    timeout: timeoutMs,
  });
  return msg.json<WireReply<ReplyOf<C>>>();
}
