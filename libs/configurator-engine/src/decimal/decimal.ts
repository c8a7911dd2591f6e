/**
 * Exact decimal numbers on BigInt: value = units / 10^scale. Addition, subtraction and
 * multiplication are exact; division keeps DIVISION_DIGITS fractional digits (rounded
 * half away from zero), which is plenty for prices and quantities and never a float.
 */
const DIVISION_DIGITS = 20;
const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

export class Decimal {
  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  static of(units: bigint, scale: number): Decimal {
    let u = units;
    let s = scale;
    while (s > 0 && u % 10n === 0n) {
      u /= 10n;
      s -= 1;
    }
    if (s < 0) {
      u *= pow10(-s);
      s = 0;
    }
    return new Decimal(u, s);
  }

  static parse(text: string): Decimal {
    const match = DECIMAL_PATTERN.exec(text.trim());
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
      throw new Error(`"${text}" is not a decimal number`);
    }
    const [, sign, whole, fraction = '', exponent = '0'] = match;
    const digits = BigInt(`${whole}${fraction}` || '0');
    return Decimal.of(sign === '-' ? -digits : digits, fraction.length - Number(exponent));
  }

  static isDecimalText(text: string): boolean {
    const match = DECIMAL_PATTERN.exec(text.trim());
    return !!match && (match[2] !== '' || (match[3] ?? '') !== '');
  }

  static fromNumber(value: number): Decimal {
    if (!Number.isFinite(value)) throw new Error(`${value} is not a finite number`);
    return Decimal.parse(String(value));
  }

  private aligned(other: Decimal): [bigint, bigint, number] {
    const scale = Math.max(this.scale, other.scale);
    return [this.units * pow10(scale - this.scale), other.units * pow10(scale - other.scale), scale];
  }

  plus(other: Decimal): Decimal {
    const [a, b, scale] = this.aligned(other);
    return Decimal.of(a + b, scale);
  }

  minus(other: Decimal): Decimal {
    const [a, b, scale] = this.aligned(other);
    return Decimal.of(a - b, scale);
  }

  times(other: Decimal): Decimal {
    return Decimal.of(this.units * other.units, this.scale + other.scale);
  }

  /** Returns null for a division by zero: callers decide what an undefined value means. */
  dividedBy(other: Decimal): Decimal | null {
    if (other.units === 0n) return null;
    const numerator = this.units * pow10(other.scale + DIVISION_DIGITS + 1);
    const quotient = numerator / (other.units * pow10(this.scale));
    return Decimal.of(roundLastDigit(quotient), DIVISION_DIGITS);
  }

  negated(): Decimal {
    return Decimal.of(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.negated() : this;
  }

  compare(other: Decimal): number {
    const [a, b] = this.aligned(other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.units === other.units && this.scale === other.scale;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isInteger(): boolean {
    return this.scale === 0;
  }

  /** Rounds half away from zero to `digits` fractional digits (commercial rounding). */
  round(digits = 0): Decimal {
    if (this.scale <= digits) return this;
    const shifted = this.units / pow10(this.scale - digits - 1);
    return Decimal.of(roundLastDigit(shifted), digits);
  }

  floor(): Decimal {
    if (this.scale === 0) return this;
    const divisor = pow10(this.scale);
    const quotient = this.units / divisor;
    return Decimal.of(this.units < 0n && quotient * divisor !== this.units ? quotient - 1n : quotient, 0);
  }

  ceil(): Decimal {
    return this.negated().floor().negated();
  }

  toNumber(): number {
    return Number(this.toString());
  }

  toString(): string {
    return this.toFixed(this.scale);
  }

  /** Fixed notation with exactly `digits` fractional digits (rounded half away from zero). */
  toFixed(digits: number): string {
    const rounded = this.round(digits);
    const units = rounded.units * pow10(digits - rounded.scale);
    const negative = units < 0n;
    const text = (negative ? -units : units).toString().padStart(digits + 1, '0');
    const whole = text.slice(0, text.length - digits);
    const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
    return `${negative ? '-' : ''}${whole}${fraction}`;
  }
}

/** Drops the last digit of `value`, rounding half away from zero. */
function roundLastDigit(value: bigint): bigint {
  const remainder = value % 10n;
  const truncated = value / 10n;
  if (remainder >= 5n) return truncated + 1n;
  if (remainder <= -5n) return truncated - 1n;
  return truncated;
}
