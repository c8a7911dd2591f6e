import { issueText } from '@atelier/contracts';
import { z } from 'zod';
import { environmentSchema } from './config';

/**
 * An app's own settings: its variables as a zod extension of the shared environment schema, read
 * once at start like the shared ones, and a bad value stops the app naming the variable. Returns
 * the reader (the environment is a parameter so tests pass their own).
 */
export function settingsReader<Shape extends z.ZodRawShape, Settings>(
  serviceName: string,
  extension: Shape,
  toSettings: (env: z.output<z.ZodObject<Shape>>) => Settings,
): (env?: NodeJS.ProcessEnv) => Settings {
  const schema = environmentSchema.extend(extension);
  return (env = process.env) => {
    const parsed = schema.safeParse(env);
    if (!parsed.success) throw new Error(`Invalid configuration for ${serviceName}: ${issueText(parsed.error)}`);
    return toSettings(parsed.data as z.output<z.ZodObject<Shape>>);
  };
}

/** An integer variable from `min` to `max`; unset or empty, `fallback`. */
export function integerSetting(fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  const bounds = `at least ${min}${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ''}`;
  return z
    .string()
    .optional()
    .transform((raw, context) => {
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (Number.isInteger(value) && value >= min && value <= max) return value;
      context.addIssue({ code: 'custom', message: `must be an integer ${bounds}, got "${raw}"` });
      return z.NEVER;
    });
}
