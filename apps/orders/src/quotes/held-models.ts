import { Injectable, Logger } from '@nestjs/common';
import { ConfiguratorRequests, type CompiledVersion, type PricedLine, type QuoteLineRequest } from '@atelier/contracts';
import { restoreModel, type CompiledModel } from '@atelier/configurator-engine';
import { RequestClient } from '@atelier/messaging';
import { Clock } from '@atelier/platform';

/** Versions one process holds compiled; the least recently used goes first. A sample model weighs about 1 MB, Renault about 10. */
export const HELD_VERSIONS = 16;
/**
 * How long the latest version the configurator last priced a product at stands for a line that
 * names no version: as long as the configurator's own catalog trusts what it read, so a version
 * published a moment ago is priced by its number at most this much (plus the catalog's) later.
 */
export const LATEST_TRUSTED_MS = 2_000;
/** After a version could not be had (the configurator away, the version too large to send), how long before asking again. */
export const ASK_AGAIN_AFTER_MS = 30_000;
/** A version is fetched in the background; a slow answer only delays when pricing moves here. */
const FETCH_TIMEOUT_MS = 30_000;

export interface HeldModel {
  productId: string;
  version: number;
  model: CompiledModel;
}

/**
 * Published model versions held compiled in this process, so that orders prices the lines of a
 * quote or an order itself instead of asking the configurator every time (one NATS round trip
 * and the configurator's turn fewer per request). A version never changes, so a copy is good for
 * ever; which version is the latest is learnt from the configurator's own answers. Whatever is
 * not held is priced by the configurator, which also fetches the version here for next time.
 */
@Injectable()
export class HeldModels {
  private readonly logger = new Logger(HeldModels.name);
  /** By `productId@version`, in order of use: the first is the least recently used. */
  private readonly held = new Map<string, HeldModel>();
  private readonly latest = new Map<string, { version: number; at: number }>();
  private readonly fetching = new Set<string>();
  private readonly unavailableUntil = new Map<string, number>();

  constructor(
    private readonly requests: RequestClient,
    private readonly clock: Clock,
  ) {}

  /** The compiled version a line asks for (the latest, as lately learnt, when it names none), if held. */
  modelFor(line: Pick<QuoteLineRequest, 'productId' | 'version'>): HeldModel | undefined {
    const version = line.version ?? this.trustedLatest(line.productId);
    if (version === undefined) return undefined;
    const key = keyOf(line.productId, version);
    const held = this.held.get(key);
    if (held) {
      this.held.delete(key);
      this.held.set(key, held);
    }
    return held;
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

  /** How many versions are held now (metrics, tests). */
  get size(): number {
    return this.held.size;
  }

  private trustedLatest(productId: string): number | undefined {
    const latest = this.latest.get(productId);
    return latest && this.clock.nowMs() - latest.at < LATEST_TRUSTED_MS ? latest.version : undefined;
  }

  private fetchInBackground(productId: string, version: number): void {
    const key = keyOf(productId, version);
    if (this.held.has(key) || this.fetching.has(key)) return;
    if ((this.unavailableUntil.get(key) ?? 0) > this.clock.nowMs()) return;
    this.fetching.add(key);
    void this.fetch(productId, version)
      .then((model) => {
        if (!model) return this.unavailable(key, 'it is too large to send');
        this.held.set(key, { productId, version, model });
        this.unavailableUntil.delete(key);
        while (this.held.size > HELD_VERSIONS) this.held.delete(this.held.keys().next().value!);
      })
      .catch((error: unknown) => this.unavailable(key, (error as Error).message))
      .finally(() => this.fetching.delete(key));
  }

  private async fetch(productId: string, version: number): Promise<CompiledModel | null> {
    const compiled = await this.requests.request(
      ConfiguratorRequests.compiledVersion,
      { productId, version },
      { timeoutMs: FETCH_TIMEOUT_MS },
    );
    return compiled && restoreCompiled(compiled);
  }

  private unavailable(key: string, why: string): void {
    this.unavailableUntil.set(key, this.clock.nowMs() + ASK_AGAIN_AFTER_MS);
    this.logger.warn(`${key} stays priced by the configurator for now: ${why}`);
  }
}

/**
 * The configurator's compiled copy made whole here. Its typed arrays travel as their bytes, so
 * both ends must share byte order (every platform Node runs on in practice is little-endian).
 */
export function restoreCompiled(compiled: CompiledVersion): CompiledModel {
  const relations = Buffer.from(compiled.relations, 'base64');
  // Copied, not viewed: a decoded Buffer may start at an offset an Int32Array cannot.
  const relationsArray = new Int32Array(relations.byteLength / Int32Array.BYTES_PER_ELEMENT);
  new Uint8Array(relationsArray.buffer).set(relations);
  return restoreModel(JSON.parse(compiled.documentJson), {
    relations: relationsArray,
    feasibleAtStart: new Uint8Array(Buffer.from(compiled.feasibleAtStart, 'base64')),
  });
}

function keyOf(productId: string, version: number): string {
  return `${productId}@${version}`;
}
