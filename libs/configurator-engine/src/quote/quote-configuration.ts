import { describeConflict } from '../configure/conflict';
import { declaredDefaults } from '../configure/defaults';
import { checkSelections, fixedAssignment, type SelectionError, type Selections } from '../configure/selections';
import type { Value } from '../expression/ast';
import type { CompiledModel } from '../model/compiled-model';
import { indexOfPlain } from '../model/finite-option';
import { relationHolds } from '../network/relation';
import type { ReasoningBudget } from '../sat/search-limit';
import { ConfigurationError } from './configuration-error';
import { explodeConfiguration, type Explosion } from './explode';
import { priceConfiguration, type PricedConfiguration } from './price';

export type Quote = PricedConfiguration & Explosion & { selections: Selections };

/** A line of a quote or an order, as asked: which version of which product, configured how, how many. */
export interface LineToQuote {
  productId: string;
  version: number;
  selections: Selections;
  quantity: number;
}

/** The line priced and exploded against its version (its selections completed with the declared defaults). */
export type QuotedLine = LineToQuote & Pick<Quote, 'unitPrice' | 'lineTotal' | 'bom' | 'routing'>;

/**
 * Validates, prices and explodes one line against the version it names, as every quote and order
 * line is priced wherever it is priced (the configurator, or orders from a version it holds).
 * Throws ConfigurationError when the configuration is not complete and valid.
 */
export function quoteLine(model: CompiledModel, line: LineToQuote, budget?: ReasoningBudget): QuotedLine {
  const quote = quoteConfiguration(model, line.selections, line.quantity, budget);
  const { unitPrice, lineTotal, bom, routing } = quote;
  return {
    productId: line.productId,
    version: line.version,
    selections: quote.selections,
    quantity: line.quantity,
    unitPrice,
    lineTotal,
    bom,
    routing,
  };
}

/**
 * Validates, prices and explodes a complete configuration (declared defaults fill options
 * left out; optional options left out stay unset). Throws ConfigurationError otherwise.
 */
export function quoteConfiguration(
  model: CompiledModel,
  selections: Selections,
  quantity: number,
  budget?: ReasoningBudget,
): Quote {
  return model.reasoner.within(budget, () => quoteWithin(model, selections, quantity));
}

function quoteWithin(model: CompiledModel, selections: Selections, quantity: number): Quote {
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw new ConfigurationError(
      'quantity must be a positive integer',
      [],
      [{ option: 'quantity', message: `${quantity} is not a positive integer` }],
    );
  }
  const errors = checkSelections(model, selections);
  if (errors.length > 0)
    throw new ConfigurationError(`invalid selections: ${errors.map((e) => e.message).join('; ')}`, [], errors);
  const full = withDefaults(model, selections);
  const assignment = new Int32Array(model.finiteOptions.length);
  const values = new Map<string, Value>();
  const missing: SelectionError[] = [];
  for (const option of model.options) {
    const id = option.definition.id;
    const raw = full[id];
    if (raw === undefined) {
      if (!option.definition.optional) missing.push({ option: id, message: `"${option.definition.label}" must be chosen` });
      if (option.finite) assignment[option.finite.index] = option.finite.values.length;
      continue;
    }
    if (option.finite) {
      const index = indexOfPlain(option.finite, raw);
      assignment[option.finite.index] = index;
      values.set(id, option.finite.values[index]);
    } else {
      values.set(id, raw as string);
    }
  }
  if (missing.length > 0)
    throw new ConfigurationError(`incomplete configuration: ${missing.map((e) => e.message).join('; ')}`, [], missing);
  if (!model.relations.every((relation) => relationHolds(relation, assignment))) {
    const minimal = model.reasoner.minimalConflict(assignment);
    const conflicts = minimal ? [describeConflict(model, minimal)] : [];
    throw new ConfigurationError(`invalid configuration: ${conflicts.map((c) => c.message).join('; ')}`, conflicts, []);
  }
  const environment = (id: string) => values.get(id) ?? null;
  return { ...priceConfiguration(model, environment, quantity), ...explodeConfiguration(model, environment), selections: full };
}

function withDefaults(model: CompiledModel, selections: Selections): Selections {
  const needsDefaults = model.options.some(
    (option) => option.definition.default !== undefined && !Object.hasOwn(selections, option.definition.id),
  );
  if (!needsDefaults) return selections;
  return { ...selections, ...declaredDefaults(model, selections, fixedAssignment(model, selections)) };
}
