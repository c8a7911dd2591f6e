import { Namespace } from '@atelier/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxRelay } from './outbox-relay';
import { MESSAGING_OPTIONS, type MessagingOptions } from './tokens';
import { schemaOf } from './messaging-tables';
import { Transaction, type Causation } from './transaction';

/** Runs a use case in one transaction with its outbox, then wakes the relay to publish what it recorded. */
@Injectable()
export class UnitOfWork {
  private readonly ns: Namespace;

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
  ) {
    this.ns = new Namespace(options.namespace);
  }

  get schema(): string {
    return schemaOf(this.dataSource);
  }

  async run<T>(causation: Causation, work: (tx: Transaction) => Promise<T>): Promise<T> {
    const done = await this.dataSource.transaction(async (manager) => {
      const tx = new Transaction(manager, this.schema, this.ns, causation);
      const result = await work(tx);
      await tx.flush();
      return { tx, result };
    });
    // A transaction that recorded no event leaves the relay asleep.
    if (done.tx.published.length > 0) this.committed();
    done.tx.runAfterCommit();
    return done.result;
  }

  /** Tells the relay that a transaction with possibly new outbox rows has committed. */
  committed(): void {
    this.relay.kick();
  }

  /** For the event consumer: a transaction object over a manager it already holds (it flushes it before its commit). */
  wrap(manager: Transaction['manager'], causation: Causation): Transaction {
    return new Transaction(manager, this.schema, this.ns, causation);
  }
}
