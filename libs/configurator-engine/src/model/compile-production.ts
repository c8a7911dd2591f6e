import { Decimal } from '../decimal/decimal';
import type { Expression } from '../expression/ast';
import type { TypeCheckContext } from '../expression/type-check';
import { compileExpression } from './compile-expression';
import type { CompiledBomLine, CompiledOperation, CompiledOption, CompiledPricing } from './compiled-model';
import { indexOfPlain, toValue } from './finite-option';
import type { ModelError } from './model-error';
import type { ParsedProductModel } from './product-model.schema';

const ALWAYS: Expression = { kind: 'literal', value: true };

export function compilePricing(
  pricing: ParsedProductModel['pricing'],
  optionById: Map<string, CompiledOption>,
  context: TypeCheckContext,
  errors: ModelError[],
): CompiledPricing {
  const adders = pricing.adders.map((adder, position) => {
    const path = `pricing.adders[${position}]`;
    let when: Expression | null = null;
    if (adder.when !== undefined && adder.option === undefined) {
      when = compileExpression(adder.when, `${path}.when`, 'boolean', context, errors);
    } else if (adder.option !== undefined && adder.value !== undefined && adder.when === undefined) {
      const option = optionById.get(adder.option);
      if (!option?.finite) errors.push({ path: `${path}.option`, message: `unknown option "${adder.option}"` });
      else if (indexOfPlain(option.finite, adder.value) < 0) {
        errors.push({
          path: `${path}.value`,
          message: `${JSON.stringify(adder.value)} is not a value of option "${adder.option}"`,
        });
      } else {
        when = {
          kind: 'binary',
          operator: '==',
          left: { kind: 'option', id: adder.option },
          right: { kind: 'literal', value: toValue(adder.value) },
        };
      }
    } else {
      errors.push({ path, message: 'an adder has either "option" and "value", or "when"' });
    }
    const label =
      adder.label ??
      (adder.option !== undefined
        ? `${optionById.get(adder.option)?.definition.label ?? adder.option}: ${String(adder.value)}`
        : (adder.when ?? ''));
    return { label, when: when ?? ALWAYS, amount: Decimal.parse(adder.amount) };
  });
  const formulas = (pricing.formulas ?? []).map((formula, position) => ({
    label: formula.label,
    when:
      formula.when === undefined
        ? null
        : compileExpression(formula.when, `pricing.formulas[${position}].when`, 'boolean', context, errors),
    amount: compileExpression(formula.amount, `pricing.formulas[${position}].amount`, 'number', context, errors) ?? ALWAYS,
  }));
  const quantityBreaks = (pricing.quantityBreaks ?? [])
    .map((entry) => ({ minQuantity: entry.minQuantity, discountPercent: Decimal.parse(entry.discountPercent) }))
    .sort((a, b) => b.minQuantity - a.minQuantity);
  return { basePrice: Decimal.parse(pricing.basePrice), adders, formulas, quantityBreaks };
}

export function compileBom(lines: ParsedProductModel['bom'], context: TypeCheckContext, errors: ModelError[]): CompiledBomLine[] {
  return lines.map((line, position) => ({
    item: line.item,
    description: line.description,
    unit: line.unit,
    when: line.when === undefined ? null : compileExpression(line.when, `bom[${position}].when`, 'boolean', context, errors),
    quantity: compileExpression(line.quantity, `bom[${position}].quantity`, 'number', context, errors) ?? ALWAYS,
  }));
}

export function compileRouting(
  operations: ParsedProductModel['routing'],
  context: TypeCheckContext,
  errors: ModelError[],
): CompiledOperation[] {
  const ids = new Set<string>();
  const compiled = operations.map((operation, position) => {
    if (ids.has(operation.operationId))
      errors.push({ path: `routing[${position}].operationId`, message: `duplicate operation id "${operation.operationId}"` });
    ids.add(operation.operationId);
    return {
      operationId: operation.operationId,
      sequence: operation.sequence,
      capability: operation.capability,
      description: operation.description,
      when:
        operation.when === undefined
          ? null
          : compileExpression(operation.when, `routing[${position}].when`, 'boolean', context, errors),
      duration: compileExpression(operation.duration, `routing[${position}].duration`, 'number', context, errors) ?? ALWAYS,
    };
  });
  return compiled.sort((a, b) => a.sequence - b.sequence);
}
