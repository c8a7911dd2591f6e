import { z } from 'zod';

/**
 * The native product model document (JSON or YAML). Expressions are strings in the small
 * language of ../expression (see the library README); they are parsed and type-checked by
 * compileModel, not by this schema.
 */
// Ids become object keys in answers, so names Object.prototype owns are refused.
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype));
const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier (letters, digits, _)')
  .refine((id) => !RESERVED.has(id), 'is a reserved name');
const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "12.50"');
const expressionText = z.string().min(1);
const numberOrExpression = z.union([z.number(), expressionText]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const optionBase = {
  id: identifier,
  label: z.string().min(1),
  description: z.string().optional(),
  optional: z.boolean().optional(),
};

const enumerationValue = z.union([
  z.string(),
  z.number(),
  z.object({ value: z.union([z.string(), z.number()]), label: z.string().optional() }),
]);

export const optionSchema = z.discriminatedUnion('type', [
  z.object({
    ...optionBase,
    type: z.literal('enumeration'),
    values: z.array(enumerationValue).min(1),
    default: z.union([z.string(), z.number()]).optional(),
  }),
  z.object({ ...optionBase, type: z.literal('boolean'), default: z.boolean().optional() }),
  z.object({
    ...optionBase,
    type: z.enum(['integer', 'decimal']),
    min: z.number(),
    max: z.number(),
    step: z.number().positive().optional(),
    unit: z.string().optional(),
    default: z.number().optional(),
  }),
  z.object({
    ...optionBase,
    type: z.literal('text'),
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().positive().optional(),
    pattern: z.string().optional(),
    default: z.string().optional(),
  }),
]);

const choice = z.object({ option: identifier, value: scalar });
const ruleBase = { id: z.string().min(1), message: z.string().min(1) };

export const ruleSchema = z.discriminatedUnion('type', [
  z.object({
    ...ruleBase,
    type: z.literal('requires'),
    if: choice,
    then: z.object({ option: identifier, values: z.array(scalar).min(1) }),
  }),
  z.object({
    ...ruleBase,
    type: z.literal('excludes'),
    if: choice,
    then: z.object({ option: identifier, values: z.array(scalar).min(1) }),
  }),
  z.object({
    ...ruleBase,
    type: z.literal('table'),
    kind: z.enum(['allowed', 'forbidden']),
    options: z.array(identifier).min(1),
    /** One value per option; null = option unset, "*" = any value. */
    tuples: z.array(z.array(z.union([scalar, z.null()]))),
  }),
  z.object({ ...ruleBase, type: z.literal('constraint'), expression: expressionText }),
  z.object({ ...ruleBase, type: z.literal('conditional'), when: expressionText, then: expressionText }),
]);

const adderSchema = z.object({
  label: z.string().optional(),
  option: identifier.optional(),
  value: scalar.optional(),
  when: expressionText.optional(),
  amount: decimalText,
});

export const pricingSchema = z.object({
  basePrice: decimalText,
  adders: z.array(adderSchema).default([]),
  formulas: z.array(z.object({ label: z.string().min(1), when: expressionText.optional(), amount: expressionText })).optional(),
  quantityBreaks: z.array(z.object({ minQuantity: z.number().int().positive(), discountPercent: decimalText })).optional(),
});

export const bomLineSchema = z.object({
  item: z.string().min(1),
  description: z.string().optional(),
  quantity: numberOrExpression,
  unit: z.string().optional(),
  when: expressionText.optional(),
});

export const routingOperationSchema = z.object({
  operationId: z.string().min(1),
  sequence: z.number().int(),
  capability: z.string().min(1),
  duration: numberOrExpression,
  when: expressionText.optional(),
  description: z.string().optional(),
});

export const productModelDocumentSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must be a slug (letters, digits, . _ -)'),
  name: z.string().min(1),
  description: z.string().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"'),
  options: z.array(optionSchema).min(1),
  rules: z.array(ruleSchema).default([]),
  pricing: pricingSchema,
  bom: z.array(bomLineSchema).default([]),
  routing: z.array(routingOperationSchema).default([]),
});

export type ProductModelDocument = z.input<typeof productModelDocumentSchema>;
export type ParsedProductModel = z.output<typeof productModelDocumentSchema>;
export type OptionDefinition = z.output<typeof optionSchema>;
export type RuleDefinition = z.output<typeof ruleSchema>;
