import type { Decimal } from '../decimal/decimal';
import type { Expression } from '../expression/ast';
import type { Relation } from '../network/relation';
import type { Reasoner } from '../reasoning/reasoner';
import type { FiniteOption } from './finite-option';
import type { OptionDefinition, ParsedProductModel } from './product-model.schema';

export interface CompiledOption {
  definition: OptionDefinition;
  /** null for free text, which rules cannot read */
  finite: FiniteOption | null;
  pattern: RegExp | null;
}

export interface CompiledRule {
  id: string;
  message: string;
  /** finite option indexes the rule reads */
  scope: number[];
}

export interface CompiledPricing {
  basePrice: Decimal;
  adders: Array<{ label: string; when: Expression; amount: Decimal }>;
  formulas: Array<{ label: string; when: Expression | null; amount: Expression }>;
  /** sorted by minQuantity, descending */
  quantityBreaks: Array<{ minQuantity: number; discountPercent: Decimal }>;
}

export interface CompiledBomLine {
  item: string;
  description?: string;
  unit?: string;
  when: Expression | null;
  quantity: Expression;
}

export interface CompiledOperation {
  operationId: string;
  sequence: number;
  capability: string;
  description?: string;
  when: Expression | null;
  duration: Expression;
}

/** A validated, type-checked model ready for configuration, pricing and explosion. */
export interface CompiledModel {
  id: string;
  name: string;
  document: ParsedProductModel;
  options: CompiledOption[];
  optionById: Map<string, CompiledOption>;
  finiteOptions: FiniteOption[];
  rules: CompiledRule[];
  relations: Relation[];
  pricing: CompiledPricing;
  bom: CompiledBomLine[];
  routing: CompiledOperation[];
  reasoner: Reasoner;
  /** per finite option, 1 for each value some valid configuration takes (found at compile) */
  feasibleAtStart: Uint8Array[];
}
