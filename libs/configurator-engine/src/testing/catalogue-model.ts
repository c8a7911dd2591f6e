import type { ProductModelDocument } from '../model/product-model.schema';

type Rule = NonNullable<ProductModelDocument['rules']>[number];
type Option = ProductModelDocument['options'][number];
/** `reference`: its value in the reference configuration (version V000), null = unset. */
type Equipment = { id: string; values: string[]; optional: boolean; reference: string | null };

/** The attributes a version is made of: 3 × 6 × 6 × 3 = 324 versions. */
const ATTRIBUTES = [
  { name: 'body', size: 3 },
  { name: 'engine', size: 6 },
  { name: 'trim', size: 6 },
  { name: 'market', size: 3 },
];
/** 27 paints × 12 interiors = 324 colour codes. */
const PAINTS = 27;
const INTERIORS = 12;
/** Domain sizes of the equipment options, drawn as in Renault medium (most are present/absent). */
const EQUIPMENT_SIZES = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 4, 6];

export interface CatalogueShape {
  /** options besides version and colour (default 266, so 268 in all) */
  equipment?: number;
  seed?: number;
}

/**
 * A car catalogue with the structure of Renault's BR4CP models (the public medium one, and
 * the 268-option one whose file we may not ship): every option is tied to the `version`
 * (324 values, each a combination of body, engine, trim and market) by an allowed binary
 * table, most options are optional equipment with one value (present, or unset), a colour
 * code of 324 values (paint × interior) allowed per version, and a few wider tables (packs)
 * over equipment. Which equipment a version offers depends on one or two of its attributes,
 * as in a real range; everything is drawn from `seed`, so the same shape is the same model.
 * Every rule admits a reference configuration drawn first, so the model is consistent.
 */
export function catalogueModel(shape: CatalogueShape = {}): ProductModelDocument {
  const random = seededRandom(shape.seed ?? 268);
  const equipmentCount = shape.equipment ?? 266;
  const versions = versionAttributes();
  const options: Option[] = [
    {
      id: 'version',
      label: 'Version',
      type: 'enumeration',
      values: versions.map((_, index) => `V${String(index).padStart(3, '0')}`),
    },
    {
      id: 'colour',
      label: 'Colour',
      type: 'enumeration',
      values: Array.from({ length: PAINTS * INTERIORS }, (_, index) => `C${String(index).padStart(3, '0')}`),
    },
  ];
  const rules: Rule[] = [colourTable(versions, random)];
  const equipment: Equipment[] = [];
  for (let index = 0; index < equipmentCount; index++) {
    const size = EQUIPMENT_SIZES[Math.floor(random() * EQUIPMENT_SIZES.length)];
    const optional = size === 1 || random() < 0.5;
    const id = `e${String(index).padStart(3, '0')}`;
    const values = Array.from({ length: size }, (_, value) => `${id}_${value}`);
    const { rule, reference } = versionTable(id, values, optional, versions, random);
    equipment.push({ id, values, optional, reference });
    options.push({ id, label: `Equipment ${index}`, type: 'enumeration', values, ...(optional ? { optional: true } : {}) });
    rules.push(rule);
  }
  rules.push(...packTables(equipment, random));
  return {
    id: 'catalogue',
    name: 'Generated car catalogue',
    currency: 'EUR',
    options,
    rules,
    pricing: { basePrice: '19990.00', adders: [] },
  };
}

function versionAttributes(): number[][] {
  let combinations: number[][] = [[]];
  for (const { size } of ATTRIBUTES)
    combinations = combinations.flatMap((prefix) => Array.from({ length: size }, (_, value) => [...prefix, value]));
  return combinations;
}

/** Each trim × body offers some paints and some interiors; a version offers their products. */
function colourTable(versions: number[][], random: () => number): Rule {
  const paintsOf = new Map<string, number[]>();
  const interiorsOf = new Map<string, number[]>();
  const tuples: string[][] = [];
  versions.forEach(([body, , trim], version) => {
    const key = `${body}/${trim}`;
    if (!paintsOf.has(key)) {
      paintsOf.set(key, subset(PAINTS, 0.4, random));
      interiorsOf.set(key, subset(INTERIORS, 0.3, random));
    }
    for (const paint of paintsOf.get(key) as number[]) {
      for (const interior of interiorsOf.get(key) as number[])
        tuples.push([name('V', version), name('C', paint * INTERIORS + interior)]);
    }
  });
  return {
    id: 'version-colour',
    message: 'This colour is not offered on this version.',
    type: 'table',
    kind: 'allowed',
    options: ['version', 'colour'],
    tuples,
  };
}

/**
 * Which values of an equipment option each version allows, decided by one or two of the
 * version's attributes: standard (always one value), unavailable, or a choice.
 */
function versionTable(
  id: string,
  values: string[],
  optional: boolean,
  versions: number[][],
  random: () => number,
): { rule: Rule; reference: string | null } {
  const drivers =
    random() < 0.6
      ? [pickIndex(ATTRIBUTES.length, random)]
      : [pickIndex(ATTRIBUTES.length, random), pickIndex(ATTRIBUTES.length, random)];
  const offers = new Map<string, Array<string | null>>();
  const tuples: Array<Array<string | null>> = [];
  versions.forEach((attributes, version) => {
    const key = drivers.map((driver) => attributes[driver]).join('/');
    if (!offers.has(key)) offers.set(key, offer(values, optional, random));
    for (const value of offers.get(key) as Array<string | null>) tuples.push([name('V', version), value]);
  });
  const rule: Rule = {
    id: `version-${id}`,
    message: `Equipment ${id} is not offered so on this version.`,
    type: 'table',
    kind: 'allowed',
    options: ['version', id],
    tuples,
  };
  return { rule, reference: tuples[0][1] };
}

function offer(values: string[], optional: boolean, random: () => number): Array<string | null> {
  const roll = random();
  if (optional && roll < 0.25) return [null];
  if (roll < 0.5) return [values[pickIndex(values.length, random)]];
  const chosen = subset(values.length, 0.6, random).map((index) => values[index]);
  return optional ? [...chosen, null] : chosen;
}

/**
 * Packs: an allowed table over three to six options with few values each, listing the
 * combinations offered (the reference configuration's, and a random share of the rest), as
 * the wider tables of Renault medium do.
 */
function packTables(equipment: Equipment[], random: () => number): Rule[] {
  const rules: Rule[] = [];
  const small = equipment.filter((option) => option.values.length + (option.optional ? 1 : 0) <= 3);
  for (let pack = 0; pack < 30; pack++) {
    const arity = 3 + pickIndex(4, random);
    const members: typeof small = [];
    while (members.length < arity) {
      const candidate = small[pickIndex(small.length, random)];
      if (!members.includes(candidate)) members.push(candidate);
    }
    let combinations: Array<Array<string | null>> = [[]];
    for (const member of members) {
      const choices: Array<string | null> = member.optional ? [...member.values, null] : member.values;
      combinations = combinations.flatMap((prefix) => choices.map((value) => [...prefix, value]));
    }
    const tuples = combinations.filter(
      (tuple) => tuple.every((value, position) => value === members[position].reference) || random() < 0.6,
    );
    rules.push({
      id: `pack-${pack}`,
      message: `Pack ${pack} does not combine these.`,
      type: 'table',
      kind: 'allowed',
      options: members.map((member) => member.id),
      tuples,
    });
  }
  return rules;
}

function subset(size: number, share: number, random: () => number): number[] {
  const chosen = Array.from({ length: size }, (_, index) => index).filter(() => random() < share);
  return chosen.length > 0 ? chosen : [pickIndex(size, random)];
}

function pickIndex(size: number, random: () => number): number {
  return Math.floor(random() * size);
}

function name(prefix: string, index: number): string {
  return `${prefix}${String(index).padStart(3, '0')}`;
}

/** A small linear congruential generator: the same seed gives the same model everywhere. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
