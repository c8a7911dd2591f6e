import { settingsReader } from '@atelier/platform';
import { z } from 'zod';

/** Suppliers' own settings (SuppliersSettings). */
export const SUPPLIERS_SETTINGS = Symbol('SUPPLIERS_SETTINGS');

export interface SuppliersSettings {
  /** How long a supplier has to answer an offered job; silence counts as rejection. */
  offerTimeoutSeconds: number;
}

/** Suppliers' own variables, an extension of the shared ones; read once at start, a bad value fails fast naming the variable. */
export const readSuppliersSettings = settingsReader(
  'suppliers',
  { OFFER_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(172_800) },
  (env): SuppliersSettings => ({ offerTimeoutSeconds: env.OFFER_TIMEOUT_SECONDS }),
);
