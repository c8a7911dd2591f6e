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

  /**
   * A use case whose whole write is ONE statement, which also writes the events it published
   * (`tx.takeOutboxRows()`, e.g. a data-modifying WITH): one statement is atomic on its own, so
   * no BEGIN and COMMIT — two round trips fewer on a customer's wait (placing an order). Reads may
   * come before it; a second write would not be atomic with it (use run). Events left unwritten
   * are a bug of the caller: refused, so no state change goes out without its events.
   */
  async runInOneStatement<T>(causation: Causation, work: (tx: Transaction) => Promise<T>): Promise<T> {
    const tx = new Transaction(this.dataSource.manager, this.schema, this.ns, causation);
    const result = await work(tx);
    if (tx.hasUnwrittenEvents) throw new Error('runInOneStatement: events were published that the statement did not write');
    if (tx.published.length > 0) this.committed();
    tx.runAfterCommit();
    return result;
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
