import type { Relation } from '../network/relation';
import { Reasoner } from '../reasoning/reasoner';
import { compileOptions } from './compile-options';
import { compileBom, compilePricing, compileRouting } from './compile-production';
import type { CompiledModel } from './compiled-model';
import type { ModelError } from './model-error';
import type { ParsedProductModel } from './product-model.schema';

/**
 * What compileModel worked out beyond the document, packed in two typed arrays so it crosses
 * threads by transfer, without copying: every rule's relation, and the values possible before
 * any choice. A worker compiles; the thread that answers requests restores without repeating
 * the search. (Hundreds of thousands of small typed arrays took seconds to deserialize.)
 */
export interface PortableModel {
  /** per relation: ruleIndex, kind (1 = forbidden), arity, rows, the scope, then the rows */
  relations: Int32Array;
  /** per finite option in order, 1 for each value some configuration takes */
  feasibleAtStart: Uint8Array;
}

export function portableModel(model: CompiledModel): PortableModel {
  let length = 0;
  for (const relation of model.relations) length += 4 + relation.scope.length * (1 + relation.tuples.length);
  const relations = new Int32Array(length);
  let at = 0;
  for (const { ruleIndex, kind, scope, tuples } of model.relations) {
    relations.set([ruleIndex, kind === 'forbidden' ? 1 : 0, scope.length, tuples.length], at);
    relations.set(scope, at + 4);
    at += 4 + scope.length;
    for (const tuple of tuples) {
      relations.set(tuple, at);
      at += scope.length;
    }
  }
  const feasibleAtStart = new Uint8Array(model.feasibleAtStart.reduce((sum, values) => sum + values.length, 0));
  let offset = 0;
  for (const values of model.feasibleAtStart) {
    feasibleAtStart.set(values, offset);
    offset += values.length;
  }
  return { relations, feasibleAtStart };
}

/** The portable form as text, to travel in a JSON message: each typed array's bytes in base64. */
export interface PortableModelText {
  relations: string;
  feasibleAtStart: string;
}

/** Both ends must share byte order (every platform Node runs on in practice is little-endian). */
export function portableModelText(portable: PortableModel): PortableModelText {
  const base64 = (array: Int32Array | Uint8Array) =>
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
  return { relations: base64(portable.relations), feasibleAtStart: base64(portable.feasibleAtStart) };
}

export function portableModelFromText(text: PortableModelText): PortableModel {
  const relationBytes = Buffer.from(text.relations, 'base64');
  // Copied, not viewed: a decoded Buffer may start at an offset an Int32Array cannot.
  const relations = new Int32Array(relationBytes.byteLength / Int32Array.BYTES_PER_ELEMENT);
  new Uint8Array(relations.buffer).set(relationBytes);
  return { relations, feasibleAtStart: new Uint8Array(Buffer.from(text.feasibleAtStart, 'base64')) };
}

/**
 * The compiled model of a validated document (as compileModel accepted it) from what a
 * compilation worked out elsewhere. Linear in the model's size: no validation, no rule
 * tabulation and no search; values no configuration takes become unit clauses, as
 * compileModel's own check leaves them.
 */
export function restoreModel(document: ParsedProductModel, portable: PortableModel): CompiledModel {
  const errors: ModelError[] = [];
  const { options, finiteOptions, types } = compileOptions(document.options, errors);
  const optionById = new Map(options.map((option) => [option.definition.id, option]));
  const context = { options: types, allowFreeText: true };
  const pricing = compilePricing(document.pricing, optionById, context, errors);
  const bom = compileBom(document.bom, context, errors);
  const routing = compileRouting(document.routing, context, errors);
  const relations = unpackRelations(portable.relations);
  if (errors.length > 0 || relations.length !== document.rules.length) {
    throw new Error(`model ${document.id} cannot be restored: ${JSON.stringify(errors.slice(0, 3))}`);
  }
  const rules = document.rules.map((rule, index) => ({ id: rule.id, message: rule.message, scope: relations[index].scope }));
  const feasibleAtStart: Uint8Array[] = [];
  let offset = 0;
  for (const option of finiteOptions) {
    feasibleAtStart.push(portable.feasibleAtStart.subarray(offset, offset + option.size));
    offset += option.size;
  }
  const reasoner = new Reasoner(finiteOptions, relations, rules.length);
  reasoner.excludeValues(feasibleAtStart);
  return {
    id: document.id,
    name: document.name,
    document,
    options,
    optionById,
    finiteOptions,
    rules,
    relations,
    pricing,
    bom,
    routing,
    reasoner,
    feasibleAtStart,
  };
}

function unpackRelations(packed: Int32Array): Relation[] {
  const relations: Relation[] = [];
  let at = 0;
  while (at < packed.length) {
    const [ruleIndex, forbidden, arity, rows] = packed.subarray(at, at + 4);
    const scope = Array.from(packed.subarray(at + 4, at + 4 + arity));
    at += 4 + arity;
    const tuples: Int32Array[] = [];
    for (let row = 0; row < rows; row++, at += arity) tuples.push(packed.subarray(at, at + arity));
    relations.push({ ruleIndex, scope, kind: forbidden ? 'forbidden' : 'allowed', tuples });
  }
  return relations;
}
