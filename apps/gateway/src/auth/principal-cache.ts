import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Namespace, SupplierEvents, type Principal } from '@atelier/contracts';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from '@atelier/messaging';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';

interface Entry {
  principal: Principal;
  expiresAt: number;
}

/**
 * Who each recently seen token is, so a request does not cost a round trip to suppliers and a
 * query. An entry lives `authCacheSeconds` at most; a revoked token is forgotten as soon as the
 * `token.revoked` event reaches this gateway (a plain subscription: at most once, so the cache is
 * emptied whenever the connection drops, and the lifetime bounds what a lost event could cost).
 * Unknown tokens are never kept. Bounded: the oldest entry goes first.
 */
@Injectable()
export class PrincipalCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrincipalCache.name);
  private readonly entries = new Map<string, Entry>();
  private subscription: Subscription | null = null;
  private watching = true;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
  ) {}

  onModuleInit(): void {
    if (this.config.authCacheSeconds === 0) return;
    this.subscribeTo(SupplierEvents.tokenRevoked, (data) => this.forgetToken((data as { tokenId?: unknown })?.tokenId));
    void this.forgetAllOnDisconnect();
  }

  onModuleDestroy(): void {
    this.watching = false;
    this.subscription?.unsubscribe();
  }

  get(tokenHash: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.principal;
  }

  set(tokenHash: string, principal: Principal, now = Date.now()): void {
    if (this.config.authCacheSeconds === 0 || this.nc.isClosed()) return;
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, { principal, expiresAt: now + this.config.authCacheSeconds * 1000 });
    while (this.entries.size > this.config.authCacheEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  forgetToken(tokenId: unknown): void {
    if (typeof tokenId !== 'string') return;
    for (const [hash, entry] of this.entries) if (entry.principal.tokenId === tokenId) this.entries.delete(hash);
  }

  get size(): number {
    return this.entries.size;
  }

  private subscribeTo(event: { subject: string; type: string }, apply: (data: unknown) => void): void {
    const subject = new Namespace(this.messaging.namespace).subject(event.subject);
    this.subscription = this.nc.subscribe(subject, {
      callback: (error, message) => {
        if (error) return;
        try {
          apply((message.json() as { data?: unknown }).data);
        } catch {
          this.logger.warn(`An unreadable ${event.type} event on ${subject} was ignored`);
        }
      },
    });
  }

  /** A revocation sent while this gateway was cut off is never seen: what was cached then is dropped. */
  private async forgetAllOnDisconnect(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (!this.watching) return;
      if (status.type === 'disconnect' || status.type === 'reconnect') this.entries.clear();
    }
  }
}
