// The configurator engine: a pure library (no framework, storage or network).
export { Decimal } from './decimal/decimal';
export {
  productModelDocumentSchema,
  type ProductModelDocument,
  type ParsedProductModel,
  type OptionDefinition,
  type RuleDefinition,
} from './model/product-model.schema';
export type { ModelError } from './model/model-error';
export type { CompiledModel } from './model/compiled-model';
export { compileModel, type CompileResult, type CompileOptions } from './model/compile-model';
export {
  portableModel,
  portableModelFromText,
  portableModelText,
  restoreModel,
  type PortableModel,
  type PortableModelText,
} from './model/portable-model';
export { MODEL_LIMITS, ModelLimitError, checkDocumentLength, type ModelLimit } from './limits/model-limits';
export { ReasoningBudgetExceededError, type ReasoningBudget, type BudgetLimit } from './sat/search-limit';
export { modelSummary, type ModelSummary, type OptionSummary } from './model/model-summary';
export { parseModelText } from './model/parse-model-text';
export { checkSelections, type Selections, type SelectionError } from './configure/selections';
export type { Conflict } from './configure/conflict';
export { LISTED_NUMBERS_LIMIT, type Domain, type NumericDomain } from './configure/domain';
export { configure, type ConfigureResult, type ConfigureOptions } from './configure/configure';
export { completeConfiguration } from './configure/complete-configuration';
export { explainExclusion } from './configure/explain-exclusion';
export { ConfigurationError } from './quote/configuration-error';
export type { Money } from './quote/money';
export type { PricedConfiguration } from './quote/price';
export type { BomLine, RoutingOperation, Explosion } from './quote/explode';
export { quoteConfiguration, quoteLine, type Quote, type LineToQuote, type QuotedLine } from './quote/quote-configuration';
export { sampleModels } from './samples/sample-models';
export { countConfigurations, type CountLimits } from './configure/count-configurations';
export { CountBudgetExceededError } from './network/search-state';
export { importXcsp } from './import/xcsp-import';
export { importDimacs } from './import/dimacs-import';
