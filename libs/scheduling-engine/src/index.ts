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
export { DEFAULT_HORIZON_DAYS, type FixedPlace, type PlacementOptions } from './plan/order-placement';
export { Schedule } from './plan/schedule';
export {
  MAX_REFUSALS_PER_FACTORY,
  type OperationRefusals,
  type PlanOrderOptions,
  type PlanOrderResult,
  type Refusals,
} from './plan/refusals';
export { checkSchedule } from './plan/check-schedule';
export { compareObjectives, evaluateObjective, type Objective, type OrderTerms } from './plan/objective';
export type { PromiseChange, ReplanOptions, ReplanResult } from './plan/replanning';
export type { ImproveOptions, ImproveResult } from './plan/improvement';
export type { FullReplanResult } from './plan/full-replan';
export { WorkingTime } from './calendar/working-time';
export type { FlexibleJobShopInstance, JobShopOperationTime, JobShopSolution, MachineOption } from './job-shop/job-shop-instance';
export { parseFlexibleJobShop, parseJobShop } from './job-shop/parse-instance';
export { solveFlexibleJobShop, type SolveOptions } from './job-shop/tabu-search';
export { checkJobShopSolution, jobShopNetwork, jobShopPlan } from './job-shop/job-shop-to-engine';
export { scaleScenario, type ScaleScenario, type ScaleScenarioOptions } from './benchmark/scale-scenario';
