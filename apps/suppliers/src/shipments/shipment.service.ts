import { Injectable } from '@nestjs/common';
import { AppError, SupplierEvents, type RequestOf, type SuppliersRequests } from '@atelier/contracts';
import { UnitOfWork, type Causation } from '@atelier/messaging';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { JobEntity } from '../jobs/job.entity';
import { ShipmentEntity } from './shipment.entity';

type CreateShipment = RequestOf<typeof SuppliersRequests.createShipment>;

export interface ShipmentView {
  id: string;
  jobIds: string[];
  carrier: string;
  trackingNumber: string;
  dispatchedAt: string;
}

/** Shipping notices: only what a supplier finished itself, at the end of its routing, and only once. */
@Injectable()
export class ShipmentService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async dispatch(request: CreateShipment, causation: Causation): Promise<ShipmentView> {
    const jobIds = [...new Set(request.jobIds)];
    return this.unitOfWork.run(causation, async (tx) => {
      // Locked in id order, so two notices for overlapping jobs cannot deadlock; the second one sees them shipped.
      const jobs = await tx.manager.find(JobEntity, {
        where: { jobId: In(jobIds), supplierId: request.supplierId },
        order: { jobId: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      assertShippable(jobIds, jobs);
      const shipment = tx.manager.create(ShipmentEntity, {
        id: randomUUID(),
        supplierId: request.supplierId,
        carrier: request.carrier,
        trackingNumber: request.trackingNumber,
        jobIds,
        dispatchedAt: new Date(),
      });
      await tx.manager.save(shipment);
      await tx.manager.update(JobEntity, { jobId: In(jobIds) }, { shipmentId: shipment.id, updatedAt: shipment.dispatchedAt });
      await tx.publish(SupplierEvents.shipmentDispatched, {
        aggregateId: shipment.id,
        aggregateVersion: 1,
        data: {
          shipmentId: shipment.id,
          supplierId: shipment.supplierId,
          carrier: shipment.carrier,
          trackingNumber: shipment.trackingNumber,
          jobs: jobs.map((job) => ({ jobId: job.jobId, orderId: job.orderId, lineId: job.lineId })),
        },
      });
      return {
        id: shipment.id,
        jobIds,
        carrier: shipment.carrier,
        trackingNumber: shipment.trackingNumber,
        dispatchedAt: shipment.dispatchedAt.toISOString(),
      };
    });
  }
}

function assertShippable(jobIds: string[], jobs: JobEntity[]): void {
  const found = new Set(jobs.map((job) => job.jobId));
  const missing = jobIds.filter((id) => !found.has(id));
  if (missing.length > 0) throw new AppError('NOT_FOUND', `Job ${missing.join(', ')} not found`);
  const unfinished = jobs.filter((job) => job.status !== 'completed');
  if (unfinished.length > 0) {
    throw new AppError(
      'INVALID_TRANSITION',
      'Only completed jobs can be shipped',
      unfinished.map((job) => ({ jobId: job.jobId, status: job.status })),
    );
  }
  const intermediate = jobs.filter((job) => !job.isLastOperation);
  if (intermediate.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Only the last operation of a line ships to the customer',
      intermediate.map((job) => ({ path: 'jobIds', message: `${job.jobId} is not the last operation of its line` })),
    );
  }
  const shipped = jobs.filter((job) => job.shipmentId !== null);
  if (shipped.length > 0) {
    throw new AppError(
      'CONFLICT',
      'A job has already been shipped',
      shipped.map((job) => ({ jobId: job.jobId, shipmentId: job.shipmentId })),
    );
  }
}
