import type { BodyPolicy } from '../http/read-body';

/** How each media type of a model document is published. */
export const modelFormats = {
  'application/json': 'native',
  'application/yaml': 'yaml',
  'text/yaml': 'yaml',
  'application/xml': 'xcsp',
  'text/xml': 'xcsp',
  'text/x-dimacs': 'dimacs',
} as const;

/**
 * Model documents may be large (an imported feature model, a catalog of options): up to 20 MB,
 * read only once the operator is recognised (BodyGuard runs after AuthGuard).
 */
export const MODEL_UPLOAD_BODY: BodyPolicy = { limitBytes: 20 * 1024 * 1024, mediaTypes: Object.keys(modelFormats) };
