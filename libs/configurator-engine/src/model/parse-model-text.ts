import { parse } from 'yaml';
import { checkDocumentLength } from '../limits/model-limits';

/**
 * A model document from JSON or YAML text (JSON is YAML too); validation is compileModel's
 * job. Throws with the parser's message (line and column) on malformed text, and
 * ModelLimitError on text longer than MODEL_LIMITS.documentCharacters.
 */
export function parseModelText(text: string): unknown {
  checkDocumentLength(text);
  return parse(text, { prettyErrors: true, maxAliasCount: 100 });
}
