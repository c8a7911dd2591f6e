import type { z } from 'zod';

/** Parses input against a contract schema; a ZodError becomes a 400 with the fields named (ErrorFilter). */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  return schema.parse(input ?? {});
}
