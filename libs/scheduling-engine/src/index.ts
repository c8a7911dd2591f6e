export type { CapabilityCapacity, Closure, Factory, FactoryCalendar, Network, WorkingHours } from './network/network';
export { processingMs, transferMs } from './network/transfer-time';
export type {
  InsertResult,
  OperationToPlan,
  OrderLineToPlan,
  OrderToPlan,
  PlanFailureCode,
  PlannedOperation,
} from './plan/operation';
export { DEFAULT_HORIZON_DAYS, type PlacementOptions } from './plan/order-placement';
export { Schedule } from './plan/schedule';
export { checkSchedule } from './plan/check-schedule';
export { WorkingTime } from './calendar/working-time';
