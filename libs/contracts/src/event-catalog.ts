import { ConfiguratorEvents } from './configurator';
import type { EventContract } from './define';
import { OrderEvents } from './orders';
import { SchedulingEvents } from './scheduling';
import { SupplierEvents } from './suppliers';
import type { z } from 'zod';

/** Every event of every stream: the public catalog other systems subscribe to (served as AsyncAPI). */
export const eventCatalog: ReadonlyArray<EventContract<z.ZodType>> = [
  ...Object.values(OrderEvents),
  ...Object.values(ConfiguratorEvents),
  ...Object.values(SchedulingEvents),
  ...Object.values(SupplierEvents),
];
