import { sampleModels } from '@atelier/configurator-engine';
import { ApiClient, expectStatus } from './http';

const capabilities = ['cutting', 'welding', 'painting', 'assembly', 'sewing', 'cnc-milling', 'finishing', 'packaging'];
const alwaysOpen = { workingHours: [], closures: [] };

export const shippingAddress = {
  name: 'Ada Customer',
  street: '1 Rue de la Paix',
  city: 'Paris',
  postalCode: '75002',
  country: 'FR',
};

export interface Party {
  id: string;
  token: string;
  client: ApiClient;
}

/** What the operator sets up before anyone can order: the bicycle model, two capable suppliers, two customers. */
export async function onboardNetwork(api: ApiClient, operator: ApiClient) {
  const bicycle = sampleModels.find((m) => m.id === 'bicycle')!;
  expectStatus(await operator.post('/v1/admin/product-models', bicycle), 201);
  const suppliers: Array<Party & { factoryId: string }> = [];
  for (const name of ['Atelier Nord', 'Atelier Sud']) {
    const supplier = expectStatus(await operator.post('/v1/admin/suppliers', { name }), 201);
    const factory = expectStatus(
      await operator.post(`/v1/admin/suppliers/${supplier.id}/factories`, {
        name: `${name} works`,
        timeZone: 'Europe/Paris',
        calendar: alwaysOpen,
        capabilities: capabilities.map((capability) => ({ capability, workCentres: 1, speedFactor: 1 })),
      }),
      201,
    );
    suppliers.push({ ...supplier, factoryId: factory.id, client: api.as(supplier.token) });
  }
  const customers: Party[] = [];
  for (const name of ['Ada', 'Brian']) {
    const customer = expectStatus(await operator.post('/v1/admin/customers', { name }), 201);
    customers.push({ ...customer, client: api.as(customer.token) });
  }
  return { suppliers, customers };
}

/** The jobs of one order that a supplier sees in one status. */
export async function jobsOf(supplier: Party, orderId: string, status?: string) {
  const query = status ? `?status=${status}&limit=100` : '?limit=100';
  const page = expectStatus(await supplier.client.get(`/v1/supplier/jobs${query}`), 200);
  return page.items.filter((job: { orderId: string }) => job.orderId === orderId);
}

/** Plays every supplier one round: accept offers, start accepted jobs, complete started ones, ship finished last operations. */
export async function playSuppliersOnce(suppliers: Party[], orderId: string): Promise<void> {
  for (const supplier of suppliers) {
    for (const job of await jobsOf(supplier, orderId, 'offered'))
      await supplier.client.post(`/v1/supplier/jobs/${job.jobId}/accept`);
    for (const job of await jobsOf(supplier, orderId, 'accepted'))
      await supplier.client.post(`/v1/supplier/jobs/${job.jobId}/start`);
    for (const job of await jobsOf(supplier, orderId, 'in_progress')) {
      await supplier.client.post(`/v1/supplier/jobs/${job.jobId}/progress`, { percent: 50 });
      await supplier.client.post(`/v1/supplier/jobs/${job.jobId}/complete`, { goodQuantity: job.quantity });
    }
    const last = (await jobsOf(supplier, orderId, 'completed')).filter((j: { isLastOperation: boolean }) => j.isLastOperation);
    if (last.length > 0) {
      await supplier.client.post('/v1/supplier/shipments', {
        jobIds: last.map((j: { jobId: string }) => j.jobId),
        carrier: 'DHL',
        trackingNumber: `TRACK-${orderId.slice(0, 8)}`,
      });
    }
  }
}
