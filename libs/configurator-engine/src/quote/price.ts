import { Decimal } from '../decimal/decimal';
import { evaluate, type Environment } from '../expression/evaluate';
import type { CompiledModel } from '../model/compiled-model';
import { MINOR_DIGITS, money, type Money } from './money';

export interface PricedConfiguration {
  unitPrice: Money;
  lineTotal: Money;
  breakdown: Array<{ label: string; amount: Money }>;
}

const HUNDRED = Decimal.fromNumber(100);

/**
 * Base price, plus adders whose condition holds, plus formulas (each rounded to the minor
 * unit), less the best quantity break; the line total is the rounded unit price × quantity.
 */
export function priceConfiguration(model: CompiledModel, environment: Environment, quantity: number): PricedConfiguration {
  const { pricing, document } = model;
  const currency = document.currency;
  const lines: Array<{ label: string; amount: Decimal }> = [{ label: 'Base price', amount: pricing.basePrice }];
  for (const adder of pricing.adders) {
    if (evaluate(adder.when, environment) === true) lines.push({ label: adder.label, amount: adder.amount });
  }
  for (const formula of pricing.formulas) {
    if (formula.when && evaluate(formula.when, environment) !== true) continue;
    const amount = evaluate(formula.amount, environment);
    if (amount instanceof Decimal) lines.push({ label: formula.label, amount: amount.round(MINOR_DIGITS) });
  }
  let unit = lines.reduce((sum, line) => sum.plus(line.amount), Decimal.ZERO);
  const quantityBreak = pricing.quantityBreaks.find((entry) => quantity >= entry.minQuantity);
  if (quantityBreak) {
    const discount = unit.times(quantityBreak.discountPercent).dividedBy(HUNDRED) as Decimal;
    const rounded = discount.round(MINOR_DIGITS).negated();
    lines.push({
      label: `Quantity discount ${quantityBreak.discountPercent}% (${quantityBreak.minQuantity}+ units)`,
      amount: rounded,
    });
    unit = unit.plus(rounded);
  }
  return {
    unitPrice: money(unit, currency),
    lineTotal: money(unit.times(Decimal.fromNumber(quantity)), currency),
    breakdown: lines.map((line) => ({ label: line.label, amount: money(line.amount, currency) })),
  };
}
