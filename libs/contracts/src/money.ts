import { AppError } from './errors';
import type { Money } from './common';

/** Adds decimal money amounts exactly (BigInt over the largest scale involved). */
export function sumMoney(amounts: Money[], currency: string): Money {
  const foreign = amounts.find((m) => m.currency !== currency);
  if (foreign) throw new AppError('VALIDATION_FAILED', `Cannot add ${foreign.currency} to ${currency}`);
  const scale = Math.max(2, ...amounts.map((m) => (m.amount.split('.')[1] ?? '').length));
  const total = amounts.reduce((sum, m) => sum + toUnits(m.amount, scale), 0n);
  return { amount: fromUnits(total, scale), currency };
}

function toUnits(amount: string, scale: number): bigint {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const units = BigInt(whole + fraction.padEnd(scale, '0'));
  return negative ? -units : units;
}

function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}
