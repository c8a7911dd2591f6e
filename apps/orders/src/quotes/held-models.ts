import { Injectable, Logger } from '@nestjs/common';
import { ConfiguratorRequests, type CompiledVersion, type PricedLine, type QuoteLineRequest } from '@atelier/contracts';
import { portableModelFromText, restoreModel, type CompiledModel } from '@atelier/configurator-engine';
import { RequestClient } from '@atelier/messaging';
import { Clock } from '@atelier/platform';
import { LRUCache } from 'lru-cache';

/**
 * What the versions one process holds may weigh together, estimated from what was sent: a
 * compiled version takes about ten times its document and compiled text in the heap (the Renault
 * model 4 MB, a sample model under 1.5 MB). Past it, the least recently used version goes.
 */
export const HELD_MODELS_BUDGET_BYTES = 32 * 1024 * 1024;
const HEAP_PER_CHARACTER_SENT = 10;
/**
 * A version pushed out to make room (or too hard to price within orders' budget) is priced by
 * the configurator for this long before it is fetched again, so a catalog whose busy versions
 * outweigh the budget is not fetched round and round.
 */
export const EVICTED_REST_MS = 5 * 60_000;
/**
 * How long the latest version the configurator last named for a product stands for a line that
 * names no version: as long as the configurator's own catalog trusts what it read, so a version
 * published a moment ago is priced by its number at most this much (plus the catalog's) later.
 */
export const LATEST_TRUSTED_MS = 2_000;
/**
 * Once what is known of the latest versions is this old and a line needs it, the product list is
 * asked for again in the background (one request answers every product): while lines keep
 * coming, the latest versions never expire, and no line waits for the configurator because of it.
 */
export const REFRESH_LATEST_AFTER_MS = 1_000;
/**
 * After a version could not be had (the configurator away or slow), how long before asking again.
 * A version too large to send stays so: it is not asked for again while the process lives.
 */
export const ASK_AGAIN_AFTER_MS = 30_000;
/** A version is fetched in the background; a slow answer only delays when pricing moves here. */
const FETCH_TIMEOUT_MS = 30_000;
/** The product list is a cached read at the configurator: longer than this, and it is not there. */
const LIST_TIMEOUT_MS = 5_000;

export interface HeldModel {
  productId: string;
  version: number;
  model: CompiledModel;
  /** Its estimated heap, in bytes. */
  weight: number;
}

/**
 * Published model versions held compiled in this process, so that orders prices the lines of a
 * quote or an order itself instead of asking the configurator every time (one NATS round trip
 * and the configurator's turn fewer per request). A version never changes, so a copy is good for
 * ever; which version is the latest is learnt from the configurator's answers and its product
 * list. Whatever is not held is priced by the configurator, and the version is then fetched here
 * for next time.
 */
@Injectable()
export class HeldModels {
  private readonly logger = new Logger(HeldModels.name);
  /** By `productId@version`, weighed, the least recently used going first. */
  private readonly held = new LRUCache<string, HeldModel>({
    maxSize: HELD_MODELS_BUDGET_BYTES,
    sizeCalculation: (held) => held.weight,
    dispose: (_held, key, reason) => {
      // Expected once the catalog in use outweighs the budget: said, not warned about.
      if (reason === 'evict') this.rest(key, EVICTED_REST_MS, 'it made room for versions used more lately', 'log');
    },
  });
  private readonly latest = new Map<string, { version: number; at: number }>();
  private readonly fetching = new Set<string>();
  private readonly unavailableUntil = new Map<string, number>();
  private refreshingLatest = false;

  constructor(
    private readonly requests: RequestClient,
    private readonly clock: Clock,
  ) {}

  /** The compiled version a line asks for (the latest, as lately learnt, when it names none), if held. */
  modelFor(line: Pick<QuoteLineRequest, 'productId' | 'version'>): HeldModel | undefined {
    const version = line.version ?? this.trustedLatest(line.productId);
    if (version === undefined) return undefined;
    return this.held.get(keyOf(line.productId, version));
  }

  /**
   * What the configurator answered for these lines: the versions it priced (fetched in the
   * background when not held), and the latest version of each product a line left open.
   */
  learn(asked: QuoteLineRequest[], priced: PricedLine[]): void {
    const now = this.clock.nowMs();
    asked.forEach((line, index) => {
      const answer = priced[index];
      if (!answer || answer.productId !== line.productId) return;
      if (line.version === undefined) this.latest.set(line.productId, { version: answer.version, at: now });
      this.fetchInBackground(answer.productId, answer.version);
    });
  }

  /** A version too hard to price within this process's budget goes back to the configurator, for EVICTED_REST_MS. */
  leaveToConfigurator(held: HeldModel, why: string): void {
    const key = keyOf(held.productId, held.version);
    this.held.delete(key);
    this.rest(key, EVICTED_REST_MS, `a configuration was too hard to price here (${why})`);
  }

  private trustedLatest(productId: string): number | undefined {
    const latest = this.latest.get(productId);
    const age = latest ? this.clock.nowMs() - latest.at : Number.POSITIVE_INFINITY;
    if (age >= REFRESH_LATEST_AFTER_MS) this.refreshLatest();
    return age < LATEST_TRUSTED_MS ? latest!.version : undefined;
  }

  /** Every product's latest version, as the configurator's catalog knows it now; a failure leaves lines to the configurator. */
  private refreshLatest(): void {
    if (this.refreshingLatest) return;
    this.refreshingLatest = true;
    const at = this.clock.nowMs();
    void this.requests
      .request(ConfiguratorRequests.listProducts, {}, { timeoutMs: LIST_TIMEOUT_MS })
      .then((products) => {
        for (const product of products) this.latest.set(product.id, { version: product.latestVersion, at });
      })
      .catch((error: unknown) => this.logger.debug(`The latest versions stay as they were: ${(error as Error).message}`))
      .finally(() => (this.refreshingLatest = false));
  }

  private fetchInBackground(productId: string, version: number): void {
    const key = keyOf(productId, version);
    if (this.held.has(key) || this.fetching.has(key)) return;
    if ((this.unavailableUntil.get(key) ?? 0) > this.clock.nowMs()) return;
    this.fetching.add(key);
    void this.fetch(productId, version)
      .then((held) => {
        if (!held) return this.rest(key, Number.POSITIVE_INFINITY, 'it is too large to send');
        this.held.set(key, held);
        if (!this.held.has(key)) return this.rest(key, Number.POSITIVE_INFINITY, 'it is too large to hold');
        this.unavailableUntil.delete(key);
      })
      .catch((error: unknown) => this.rest(key, ASK_AGAIN_AFTER_MS, (error as Error).message))
      .finally(() => this.fetching.delete(key));
  }

  private async fetch(productId: string, version: number): Promise<HeldModel | null> {
    const compiled = await this.requests.request(
      ConfiguratorRequests.compiledVersion,
      { productId, version },
      { timeoutMs: FETCH_TIMEOUT_MS },
    );
    if (!compiled) return null;
    const sent = compiled.documentJson.length + compiled.relations.length + compiled.feasibleAtStart.length;
    return { productId, version, model: restoreCompiled(compiled), weight: sent * HEAP_PER_CHARACTER_SENT };
  }

  /** The configurator prices this version for a while (for good: Infinity) before it is fetched again. */
  private rest(key: string, forMs: number, why: string, level: 'log' | 'warn' = 'warn'): void {
    this.unavailableUntil.set(key, this.clock.nowMs() + forMs);
    this.logger[level](`${key} stays priced by the configurator for now: ${why}`);
  }
}

/** The configurator's compiled copy made whole here. */
export function restoreCompiled(compiled: CompiledVersion): CompiledModel {
  return restoreModel(JSON.parse(compiled.documentJson), portableModelFromText(compiled));
}

function keyOf(productId: string, version: number): string {
  return `${productId}@${version}`;
}
