import { checkDocumentLength, enforceLimit } from '../limits/model-limits';
import type { ProductModelDocument } from '../model/product-model.schema';

type Element = { attributes: Record<string, string>; body: string };

/** The joker value optional XCSP variables take when left unset (Renault BR4CP convention). */
const JOKER = -1;

/**
 * An XCSP 2.1 instance of extensional (table) constraints as a native model: each variable an
 * enumeration of its integer values, each constraint a table rule (supports → allowed,
 * conflicts → forbidden). A domain marked `optional="-1"` makes an optional option whose
 * joker value -1 means "left unset". Intensional (predicate) constraints are not supported.
 * Sizes are checked against MODEL_LIMITS before they are allocated (a domain's range before it
 * is expanded, the rows of shared relations before they are copied into each constraint);
 * past one, throws ModelLimitError.
 */
export function importXcsp(xml: string, meta: { id: string; name: string }): ProductModelDocument {
  checkDocumentLength(xml);
  if (!/<instance[\s>]/.test(xml)) throw new Error('not an XCSP instance (no <instance> element)');
  const domains = new Map<string, { values: number[]; optional: boolean }>();
  for (const domain of elements(xml, 'domain')) {
    const values = parseValues(domain.body, domain.attributes.name);
    const optional = domain.attributes.optional === String(JOKER);
    domains.set(domain.attributes.name, { values: optional ? values.filter((value) => value !== JOKER) : values, optional });
  }
  const optionIds = new Map<string, string>();
  const optionalVariables = new Set<string>();
  const variables = elements(xml, 'variable');
  enforceLimit('options', variables.length, () => `the instance has ${variables.length} variables`);
  let valueCount = 0;
  const options = variables.map((variable, position) => {
    const { name, domain: domainName } = variable.attributes;
    const domain = domains.get(domainName);
    if (!domain) throw new Error(`variable ${name} uses unknown domain ${domainName}`);
    valueCount += domain.values.length;
    enforceLimit('values', valueCount, () => `the variables up to ${name} have ${valueCount} values together`);
    const id = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !Object.hasOwn(Object.prototype, name) ? name : `x${position}`;
    optionIds.set(name, id);
    if (domain.optional) optionalVariables.add(name);
    return {
      id,
      label: name,
      type: 'enumeration' as const,
      values: domain.values,
      ...(domain.optional ? { optional: true } : {}),
    };
  });
  const relations = new Map(
    elements(xml, 'relation').map((relation) => [relation.attributes.name, { ...relation, rows: rowsOf(relation.body) }]),
  );
  const constraints = elements(xml, 'constraint');
  enforceLimit('rules', constraints.length, () => `the instance has ${constraints.length} constraints`);
  // A relation is written once but copied into every constraint that uses it: count first.
  let tupleCount = 0;
  let cellCount = 0;
  for (const { attributes } of constraints) {
    const rows = relations.get(attributes.reference)?.rows.length ?? 0;
    tupleCount += rows;
    cellCount += rows * (attributes.scope ?? '').trim().split(/\s+/).length;
  }
  enforceLimit('tuples', tupleCount, () => `the constraints have ${tupleCount} rows together`);
  enforceLimit('tupleCells', cellCount, () => `the constraints have ${cellCount} values in their rows`);
  const rules = constraints.map((constraint) => {
    const { name, reference, scope } = constraint.attributes;
    const relation = relations.get(reference);
    if (!relation)
      throw new Error(
        `constraint ${name} references ${reference}, which is not a relation (predicates and global constraints are not supported)`,
      );
    const variables = (scope ?? '').trim().split(/\s+/);
    const tuples = relation.rows.map((tuple) =>
      tuple.split(/\s+/).map((token, position) => {
        const value = Number(token);
        return value === JOKER && optionalVariables.has(variables[position]) ? null : value;
      }),
    );
    return {
      id: name,
      type: 'table' as const,
      kind: relation.attributes.semantics === 'conflicts' ? ('forbidden' as const) : ('allowed' as const),
      message: `The combination of ${variables.join(', ')} is not offered (${name})`,
      options: variables.map((variable) => {
        const id = optionIds.get(variable);
        if (!id) throw new Error(`constraint ${name} uses unknown variable ${variable}`);
        return id;
      }),
      tuples,
    };
  });
  return {
    id: meta.id,
    name: meta.name,
    currency: 'EUR',
    options,
    rules,
    pricing: { basePrice: '0.00', adders: [] },
    bom: [],
    routing: [],
  };
}

function elements(xml: string, tag: string): Element[] {
  const pattern = new RegExp(`<${tag}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${tag}>)`, 'g');
  return [...xml.matchAll(pattern)].map((match) => ({ attributes: attributesOf(match[1]), body: match[2] ?? '' }));
}

function attributesOf(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*"([^"]*)"/g)) attributes[match[1]] = match[2];
  return attributes;
}

function rowsOf(body: string): string[] {
  return body
    .split('|')
    .map((tuple) => tuple.trim())
    .filter((tuple) => tuple !== '');
}

/** "0 1 5..8" → [0, 1, 5, 6, 7, 8]; a range is measured before it is expanded. */
function parseValues(text: string, domain: string): number[] {
  const values: number[] = [];
  for (const token of text.trim().split(/\s+/)) {
    if (token === '') continue;
    const range = /^(-?\d+)\.\.(-?\d+)$/.exec(token);
    if (!range) {
      values.push(Number(token));
    } else {
      const [low, high] = [Number(range[1]), Number(range[2])];
      const size = values.length + Math.max(0, high - low + 1);
      enforceLimit('valuesPerOption', size, () => `domain ${domain} has ${size} values`);
      for (let value = low; value <= high; value++) values.push(value);
    }
    enforceLimit('valuesPerOption', values.length, () => `domain ${domain} has more than ${values.length - 1} values`);
  }
  return values;
}
