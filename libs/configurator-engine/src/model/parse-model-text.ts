import { parse } from 'yaml';

/**
 * A model document from JSON or YAML text (JSON is YAML too); validation is compileModel's
 * job. Throws with the parser's message (line and column) on malformed text.
 */
export function parseModelText(text: string): unknown {
  return parse(text, { prettyErrors: true, maxAliasCount: 100 });
}
