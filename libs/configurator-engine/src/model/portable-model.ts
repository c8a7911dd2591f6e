import type { Relation } from '../network/relation';
import { Reasoner } from '../reasoning/reasoner';
import { compileOptions } from './compile-options';
import { compileBom, compilePricing, compileRouting } from './compile-production';
import type { CompiledModel } from './compiled-model';
import type { ModelError } from './model-error';
import type { ParsedProductModel } from './product-model.schema';

/**
 * What compileModel worked out, as plain data that crosses threads (structured clone): the
 * validated document, every rule's relation and the values possible before any choice. A
 * worker compiles; the thread that answers requests restores without repeating the search.
 */
export interface PortableModel {
  document: ParsedProductModel;
  relations: Relation[];
  feasibleAtStart: Uint8Array[];
}

export function portableModel(model: CompiledModel): PortableModel {
  return { document: model.document, relations: model.relations, feasibleAtStart: model.feasibleAtStart };
}

/**
 * A compiled model from what compileModel worked out elsewhere. Linear in the model's size:
 * no validation (it was validated), no rule tabulation and no search; values no configuration
 * takes become unit clauses, as compileModel's own check leaves them.
 */
export function restoreModel(portable: PortableModel): CompiledModel {
  const { document, relations, feasibleAtStart } = portable;
  const errors: ModelError[] = [];
  const { options, finiteOptions, types } = compileOptions(document.options, errors);
  const optionById = new Map(options.map((option) => [option.definition.id, option]));
  const context = { options: types, allowFreeText: true };
  const pricing = compilePricing(document.pricing, optionById, context, errors);
  const bom = compileBom(document.bom, context, errors);
  const routing = compileRouting(document.routing, context, errors);
  if (errors.length > 0 || relations.length !== document.rules.length) {
    throw new Error(`model ${document.id} cannot be restored: ${JSON.stringify(errors.slice(0, 3))}`);
  }
  const rules = document.rules.map((rule, index) => ({ id: rule.id, message: rule.message, scope: relations[index].scope }));
  const reasoner = new Reasoner(finiteOptions, relations, rules.length);
  reasoner.excludeValues(feasibleAtStart);
  return { id: document.id, name: document.name, document, options, optionById, finiteOptions, rules, relations, pricing, bom, routing, reasoner, feasibleAtStart };
}
