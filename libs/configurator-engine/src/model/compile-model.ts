import { documentSizeErrors } from '../limits/document-size';
import { Reasoner } from '../reasoning/reasoner';
import type { ReasoningBudget } from '../sat/search-limit';
import { compileOptions } from './compile-options';
import { compileBom, compilePricing, compileRouting } from './compile-production';
import { compileRules } from './compile-rules';
import type { CompiledModel } from './compiled-model';
import { formatPath, type ModelError } from './model-error';
import { productModelDocumentSchema } from './product-model.schema';

export type CompileResult = { ok: true; model: CompiledModel } | { ok: false; errors: ModelError[] };

export interface CompileOptions {
  /** for the check that a configuration exists; past it, throws ReasoningBudgetExceededError */
  budget?: ReasoningBudget;
}

/**
 * Validates a native model document (sizes first, see MODEL_LIMITS), type-checks every
 * expression against the options, compiles rules to finite relations and checks that at
 * least one configuration is valid.
 */
export function compileModel(document: unknown, options: CompileOptions = {}): CompileResult {
  const tooLarge = documentSizeErrors(document);
  if (tooLarge.length > 0) return { ok: false, errors: tooLarge };
  const parsed = productModelDocumentSchema.safeParse(document);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })) };
  }
  const source = parsed.data;
  const errors: ModelError[] = [];
  const { options: compiledOptions, finiteOptions, types } = compileOptions(source.options, errors);
  const optionById = new Map(compiledOptions.map((option) => [option.definition.id, option]));
  const ruleContext = { options: types, allowFreeText: false };
  const productionContext = { options: types, allowFreeText: true };
  const { rules, relations } = compileRules(source.rules, optionById, ruleContext, errors);
  const pricing = compilePricing(source.pricing, optionById, productionContext, errors);
  const bom = compileBom(source.bom, productionContext, errors);
  const routing = compileRouting(source.routing, productionContext, errors);
  if (errors.length > 0) return { ok: false, errors };
  const reasoner = new Reasoner(finiteOptions, relations, rules.length);
  const noChoices = new Int32Array(finiteOptions.length).fill(-1);
  // Also teaches the solver which values no configuration can take.
  const outcome = reasoner.within(options.budget, () => {
    const feasible = reasoner.feasibleValues(noChoices);
    return feasible ? { feasible } : { conflict: reasoner.minimalConflict(noChoices) };
  });
  if (!outcome.feasible) {
    const culprits = (outcome.conflict?.ruleIndexes ?? []).map((index) => `rules[${index}] (${rules[index].id})`);
    return {
      ok: false,
      errors: [{ path: 'rules', message: `no configuration satisfies ${culprits.join(' + ') || 'the rules'} together` }],
    };
  }
  return {
    ok: true,
    model: {
      id: source.id,
      name: source.name,
      document: source,
      options: compiledOptions,
      optionById,
      finiteOptions,
      rules,
      relations,
      pricing,
      bom,
      routing,
      reasoner,
      feasibleAtStart: outcome.feasible,
    },
  };
}
