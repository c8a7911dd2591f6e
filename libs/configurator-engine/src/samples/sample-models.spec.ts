import { compileModel, configure, completeConfiguration, quoteConfiguration, sampleModels, type CompiledModel } from '../index';

const DEMO_CAPABILITIES = ['cutting', 'welding', 'painting', 'assembly', 'sewing', 'cnc-milling', 'finishing', 'packaging'];

function compiled(id: string): CompiledModel {
  const result = compileModel(sampleModels.find((model) => model.id === id));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.model;
}

describe('sample models', () => {
  it.each(['bicycle', 'suit', 'kitchen-cabinet'])('%s compiles, completes from its defaults and quotes', (id) => {
    const model = compiled(id);
    const completion = completeConfiguration(model, {});
    expect(completion).not.toBeNull();
    const quote = quoteConfiguration(model, completion ?? {}, 1);
    expect(Number(quote.unitPrice.amount)).toBeGreaterThan(0);
    expect(quote.unitPrice.currency).toBe('EUR');
    expect(quote.bom.length).toBeGreaterThan(0);
    expect(quote.routing.length).toBeGreaterThan(1);
    expect(configure(model, completion ?? {}).valid).toBe(true);
  });

  it.each(['bicycle', 'suit', 'kitchen-cabinet'])('%s recompiles from its stored document (as a service reloads it)', (id) => {
    const stored = JSON.parse(JSON.stringify(compiled(id).document));
    const again = compileModel(stored);
    expect(again.ok && again.model.document).toEqual(stored);
  });

  it('stay within the capabilities of the demo factories', () => {
    const used = new Set(sampleModels.flatMap((model) => (model.routing ?? []).map((operation) => operation.capability)));
    expect([...used].filter((capability) => !DEMO_CAPABILITIES.includes(capability))).toEqual([]);
  });

  it('the bicycle narrows the saddle height to what the rider can reach', () => {
    const model = compiled('bicycle');
    const result = configure(model, { rider_height_cm: 160, inseam_cm: 72 });
    expect(result.valid).toBe(true);
    expect(result.domains.seat_height_cm).toEqual({
      ranges: [[61, 66.5]],
      step: 0.5,
      values: [61, 61.5, 62, 62.5, 63, 63.5, 64, 64.5, 65, 65.5, 66, 66.5],
    });
    expect(result.domains.frame_size_cm).toEqual([46, 49]);
  });
});
