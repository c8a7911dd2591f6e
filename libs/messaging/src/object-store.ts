import { Inject, Injectable, Logger } from '@nestjs/common';
import { Objm, StorageType, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { AppError, Namespace, UPLOADS_BUCKET, type UploadReference } from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens';

/**
 * An upload outlives the request that carries it only by accident (a sender that dies before
 * deleting it): the bucket forgets it after this long. Well beyond the slowest model import
 * (two minutes), so a reader never finds its upload gone.
 */
const UPLOAD_TTL_MS = 15 * 60_000;
/**
 * The bucket refuses new uploads beyond this many bytes (a dozen of the largest at once), so a
 * burst cannot fill the disk. JetStream reserves it per bucket, so it stays modest.
 */
const UPLOADS_MAX_BYTES = 256 * 1024 * 1024;

/** The uploads bucket of a namespace, named like its streams (its backing stream is `OBJ_<bucket>`). */
export function uploadsBucketName(ns: Namespace): string {
  return ns.stream(UPLOADS_BUCKET);
}

/**
 * Bodies larger than one NATS message (max_payload, 1 MB by default) travel through a JetStream
 * object store instead of a bigger max_payload: the sender puts the text, sends a reference in
 * its request, and deletes the object once answered; the reader gets it by the reference.
 * Failures are AppErrors that name neither the bucket nor a subject, since they may reach an
 * HTTP client.
 */
@Injectable()
export class UploadStore {
  private readonly logger = new Logger(UploadStore.name);
  private readonly ns: Namespace;
  private bucket: Promise<ObjectStore> | null = null;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) options: Pick<MessagingOptions, 'namespace'>,
  ) {
    this.ns = new Namespace(options.namespace);
  }

  /** Stores `text` for a reader, runs `use` with its reference, and deletes it whatever `use` did. */
  async with<T>(text: string, use: (upload: UploadReference) => Promise<T>): Promise<T> {
    const upload = await this.put(text);
    try {
      return await use(upload);
    } finally {
      await this.remove(upload);
    }
  }

  async put(text: string): Promise<UploadReference> {
    const object = randomUUID();
    try {
      const bucket = await this.open();
      await bucket.putBlob({ name: object }, new TextEncoder().encode(text));
    } catch (error) {
      throw this.unavailable('store', error);
    }
    return { object };
  }

  async read(upload: UploadReference): Promise<string> {
    let bytes: Uint8Array | null;
    try {
      bytes = await (await this.open()).getBlob(upload.object);
    } catch (error) {
      throw this.unavailable('read', error);
    }
    if (!bytes) throw new AppError('DEPENDENCY_UNAVAILABLE', 'The uploaded document is no longer available; send it again');
    return new TextDecoder().decode(bytes);
  }

  /** Best effort: an object left behind expires with the bucket's TTL. */
  async remove(upload: UploadReference): Promise<void> {
    try {
      await (await this.open()).delete(upload.object);
    } catch (error) {
      this.logger.warn(`An upload was not deleted (it expires on its own): ${(error as Error)?.message ?? error}`);
    }
  }

  /** Created by whichever side comes first (create opens an existing bucket); retried after a failure. */
  private open(): Promise<ObjectStore> {
    this.bucket ??= new Objm(this.nc)
      .create(uploadsBucketName(this.ns), {
        ttl: UPLOAD_TTL_MS * 1_000_000,
        max_bytes: UPLOADS_MAX_BYTES,
        storage: StorageType.File,
        description: 'Uploads too large for one NATS message, deleted once answered',
      })
      .catch((error: unknown) => {
        this.bucket = null;
        throw error;
      });
    return this.bucket;
  }

  private unavailable(what: 'store' | 'read', error: unknown): AppError {
    this.logger.error(`Could not ${what} an upload: ${(error as Error)?.message ?? error}`);
    return new AppError(
      'DEPENDENCY_UNAVAILABLE',
      `The uploaded document could not be ${what === 'store' ? 'stored' : 'read'}; try again`,
    );
  }
}
