/** Literals are 2·variable for "true" and 2·variable+1 for "false" (MiniSat's encoding). */
export const positive = (variable: number): number => variable << 1;
export const negative = (variable: number): number => (variable << 1) | 1;
export const negate = (literal: number): number => literal ^ 1;
export const variableOf = (literal: number): number => literal >> 1;
