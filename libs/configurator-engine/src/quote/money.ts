import type { Decimal } from '../decimal/decimal';

/** An exact amount of money: `amount` is a decimal string with the currency's minor digits. */
export interface Money {
  amount: string;
  currency: string;
}

/** Every currency the demo uses has two minor digits. */
export const MINOR_DIGITS = 2;

export function money(amount: Decimal, currency: string): Money {
  return { amount: amount.toFixed(MINOR_DIGITS), currency };
}
