import { jobSchema } from '@atelier/contracts';
import { JobEntity } from './job.entity';
import { toJobData, toPlannedOperation, toScheduledOperationView } from './job-mapping';

const job = Object.assign(new JobEntity(), {
  id: '6f1c1a58-1111-4c3e-9d55-000000000001',
  orderId: 'o1',
  lineId: 'l1',
  productId: 'chair',
  productVersion: 4,
  operationId: 'cut',
  sequence: 10,
  capability: 'cutting',
  description: null,
  quantity: 3,
  durationMinutes: 90,
  factoryId: 'f1',
  supplierId: 's1',
  workCentre: 1,
  plannedStart: new Date('2026-03-02T08:00:00Z'),
  plannedEnd: new Date('2026-03-02T09:30:00Z'),
  isLastOperation: true,
  status: 'accepted' as const,
  firm: true,
  selections: {},
  bom: [],
  replacedBy: null,
  reworkOf: null,
  revision: 3,
  createdAt: new Date(),
  updatedAt: new Date(),
});

describe('job mapping', () => {
  it('gives the engine the job as an operation named by the job id', () => {
    expect(toPlannedOperation(job)).toEqual({
      operationId: job.id,
      orderId: 'o1',
      lineId: 'l1',
      sequence: 10,
      capability: 'cutting',
      durationMinutes: 90,
      factoryId: 'f1',
      workCentre: 1,
      start: Date.parse('2026-03-02T08:00:00Z'),
      end: Date.parse('2026-03-02T09:30:00Z'),
      firm: true,
    });
  });

  it('describes the job as the contract says, with the pinned model version', () => {
    const data = toJobData(job);
    expect(jobSchema.parse(data)).toEqual(data);
    expect(data).toMatchObject({ jobId: job.id, version: 4, plannedEnd: '2026-03-02T09:30:00.000Z' });
    expect(data).not.toHaveProperty('description');
  });

  it('shows it in the schedule with its status and firmness', () => {
    expect(toScheduledOperationView(job)).toMatchObject({ status: 'accepted', firm: true, start: '2026-03-02T08:00:00.000Z' });
  });
});
