import { Reasoner } from '../reasoning/reasoner';
import { compileOptions } from './compile-options';
import { compileBom, compilePricing, compileRouting } from './compile-production';
import { compileRules } from './compile-rules';
import type { CompiledModel } from './compiled-model';
import { formatPath, type ModelError } from './model-error';
import { productModelDocumentSchema } from './product-model.schema';

export type CompileResult = { ok: true; model: CompiledModel } | { ok: false; errors: ModelError[] };

/**
 * Validates a native model document, type-checks every expression against the options,
 * compiles rules to finite relations and checks that at least one configuration is valid.
 */
export function compileModel(document: unknown): CompileResult {
  const parsed = productModelDocumentSchema.safeParse(document);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })) };
  }
  const source = parsed.data;
  const errors: ModelError[] = [];
  const { options, finiteOptions, types } = compileOptions(source.options, errors);
  const optionById = new Map(options.map((option) => [option.definition.id, option]));
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
  if (!reasoner.feasibleValues(noChoices)) {
    const conflict = reasoner.minimalConflict(noChoices);
    const culprits = (conflict?.ruleIndexes ?? []).map((index) => `rules[${index}] (${rules[index].id})`);
    return { ok: false, errors: [{ path: 'rules', message: `no configuration satisfies ${culprits.join(' + ') || 'the rules'} together` }] };
  }
  return {
    ok: true,
    model: { id: source.id, name: source.name, document: source, options, optionById, finiteOptions, rules, relations, pricing, bom, routing, reasoner },
  };
}
