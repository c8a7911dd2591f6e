import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  compileModel,
  completeConfiguration,
  configure,
  importDimacs,
  portableModel,
  portableModelFromText,
  portableModelText,
  quoteConfiguration,
  restoreModel,
  sampleModels,
  type CompiledModel,
} from '../index';

const printer = path.resolve(process.cwd(), '../shared/benchmarks/configuration/feature_models/printer/printer.dimacs');

function compiled(document: unknown): CompiledModel {
  const result = compileModel(document);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.model;
}

/** As between threads: the document as JSON text, and what structured clone carries. */
const acrossThreads = (model: CompiledModel) =>
  restoreModel(JSON.parse(JSON.stringify(model.document)), structuredClone(portableModel(model)));

describe('portable models', () => {
  it.each(sampleModels.map((document) => [document.id, document]))(
    '%s answers the same after crossing a thread',
    (_, document) => {
      const model = compiled(document);
      const restored = acrossThreads(model);
      const completion = completeConfiguration(model, {}) ?? {};
      expect(completeConfiguration(restored, {})).toEqual(completion);
      expect(configure(restored, {}, { alternatives: true })).toEqual(configure(model, {}, { alternatives: true }));
      const [first, second] = Object.entries(completion);
      const partial = { [first[0]]: first[1], [second[0]]: second[1] };
      expect(configure(restored, partial)).toEqual(configure(model, partial));
      expect(quoteConfiguration(restored, completion, 3)).toEqual(quoteConfiguration(model, completion, 3));
    },
  );

  it('keeps what compilation found: dead features are decided at once', () => {
    const model = compiled(importDimacs(readFileSync(printer, 'utf8'), { id: 'printer', name: 'Printer' }));
    const restored = acrossThreads(model);
    expect(restored.feasibleAtStart).toEqual(model.feasibleAtStart);
    expect(configure(restored, {})).toEqual(configure(model, {}));
  });

  it('travels as text in a JSON message and comes back equal, answering as before', () => {
    const model = compiled(importDimacs(readFileSync(printer, 'utf8'), { id: 'printer', name: 'Printer' }));
    const portable = portableModel(model);
    const text = JSON.parse(JSON.stringify(portableModelText(portable)));
    expect(portableModelFromText(text)).toEqual(portable);
    const restored = restoreModel(JSON.parse(JSON.stringify(model.document)), portableModelFromText(text));
    expect(configure(restored, {})).toEqual(configure(model, {}));
  });
});
