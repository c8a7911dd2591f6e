import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  AppError,
  decodeCursor,
  toPage,
  type JobAction,
  type JobStatus,
  type Page,
  type SupplierJobSummary,
  type SupplierJobView,
} from '@atelier/contracts';
import { UnitOfWork, type Causation } from '@atelier/messaging';
import { Repository, type EntityManager } from 'typeorm';
import { isRepeat, publishReport, recordReport } from './job-actions';
import { nextStatus } from './job-state';
import { JobEntity, toJobSummary, toJobView } from './job.entity';
import { OfferDeadlines } from './offer-deadlines';

export interface JobFilter {
  status?: JobStatus;
  factoryId?: string;
  cursor?: string;
  limit: number;
}

/** A supplier's use cases on its jobs. Another supplier's job is NOT_FOUND: its existence is not revealed. */
@Injectable()
export class JobService {
  constructor(
    @InjectRepository(JobEntity) private readonly jobs: Repository<JobEntity>,
    private readonly unitOfWork: UnitOfWork,
    private readonly deadlines: OfferDeadlines,
  ) {}

  /** Newest first by arrival (seq), without the configuration and BOM, which only the job's own page needs. */
  async list(supplierId: string, filter: JobFilter): Promise<Page<SupplierJobSummary>> {
    const listed = this.jobs.metadata.columns
      .map((c) => c.propertyName)
      .filter((name) => name !== 'selections' && name !== 'bom');
    const query = this.jobs
      .createQueryBuilder('job')
      .select(listed.map((name) => `job.${name}`))
      .where('job.supplierId = :supplierId', { supplierId });
    if (filter.status) query.andWhere('job.status = :status', { status: filter.status });
    if (filter.factoryId) query.andWhere('job.factoryId = :factoryId', { factoryId: filter.factoryId });
    if (filter.cursor) query.andWhere('job.seq < :before', { before: decodeCursor(filter.cursor, parseSeq) });
    const rows = await query
      .orderBy('job.seq', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
    return toPage(rows, filter.limit, toJobSummary, (job) => [job.seq]);
  }

  async get(supplierId: string, jobId: string): Promise<SupplierJobView> {
    const job = await this.jobs.findOne({ where: { jobId, supplierId } });
    if (!job) throw AppError.notFound(`Job ${jobId}`);
    return toJobView(job);
  }

  /**
   * One supplier action: the state machine decides, the report is recorded, its event goes out with
   * it. The job's row is locked first, as OrderClosures locks it: a start and the order's cancel are
   * decided one after the other. A repeated action answers the job as it is (isRepeat).
   */
  async act(supplierId: string, jobId: string, act: JobAction, causation: Causation): Promise<SupplierJobView> {
    const { view, answeredOffer } = await this.unitOfWork.run(causation, async (tx) => {
      const job = await lockOwnJob(tx.manager, supplierId, jobId);
      if (isRepeat(job, act)) return { view: toJobView(job), answeredOffer: false };
      const answeredOffer = job.status === 'offered';
      job.status = nextStatus(job.status, act.action);
      recordReport(job, act);
      job.rowVersion += 1;
      job.updatedAt = new Date();
      await tx.manager.save(job);
      await publishReport(tx, job, act);
      return { view: toJobView(job), answeredOffer };
    });
    // After the commit: had the transaction failed, the deadline would still be needed. Bounded and
    // never throwing: the answer is committed, a Redis outage must not turn it into a timeout.
    if (answeredOffer) await this.deadlines.withdraw(jobId);
    return view;
  }
}

/** seq is a bigserial, carried as its decimal string. */
function parseSeq(parts: unknown[]): string | null {
  const [seq] = parts;
  return parts.length === 1 && typeof seq === 'string' && /^\d{1,18}$/.test(seq) ? seq : null;
}

async function lockOwnJob(manager: EntityManager, supplierId: string, jobId: string): Promise<JobEntity> {
  const job = await manager.findOne(JobEntity, { where: { jobId, supplierId }, lock: { mode: 'pessimistic_write' } });
  if (!job) throw AppError.notFound(`Job ${jobId}`);
  return job;
}
