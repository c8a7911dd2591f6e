import {
  compileModel,
  ConfigurationError,
  quoteConfiguration,
  sampleModels,
  type CompiledModel,
  type Selections,
} from '../index';

let bicycle: CompiledModel;
beforeAll(() => {
  const result = compileModel(sampleModels.find((model) => model.id === 'bicycle'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  bicycle = result.model;
});

const titaniumTourer: Selections = {
  usage: 'touring',
  rider_height_cm: 186,
  inseam_cm: 88,
  frame_size_cm: 58,
  seat_height_cm: 77.5,
  frame_material: 'titanium',
  groupset: 'rohloff-hub',
  brakes: 'hydraulic-disc',
  wheel_size: '700c',
  tyre_width_mm: 42,
  color: 'brushed',
  lights: true,
  rack: true,
  fenders: true,
  engraving: 'Tour 2027',
};

function caught(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('quoteConfiguration', () => {
  it('prices exactly, with adders, formulas and the quantity break', () => {
    const quote = quoteConfiguration(bicycle, titaniumTourer, 5);
    expect(quote.breakdown.map((line) => [line.label, line.amount.amount])).toEqual([
      ['Base price', '1290.00'],
      ['Frame material: titanium', '1400.00'],
      ['Groupset: rohloff-hub', '1150.00'],
      ['Brakes: hydraulic-disc', '260.00'],
      ['Dynamo lights: true', '189.00'],
      ['Rear rack: true', '79.00'],
      ['Fenders: true', '65.00'],
      ['Oversize frame', '30.00'],
      ['Engraving', '35.00'],
      ['Quantity discount 3% (5+ units)', '-134.94'],
    ]);
    expect(quote.unitPrice).toEqual({ amount: '4363.06', currency: 'EUR' });
    expect(quote.lineTotal).toEqual({ amount: '21815.30', currency: 'EUR' });
  });

  it('explodes the BOM and routing that apply, per unit', () => {
    const quote = quoteConfiguration(bicycle, titaniumTourer, 1);
    expect(quote.bom.find((line) => line.item === 'TUBESET-TI')).toEqual({
      item: 'TUBESET-TI',
      description: '3Al/2.5V titanium tube set',
      quantity: '2.61',
      unit: 'm',
    });
    expect(quote.bom.some((line) => line.item === 'PAINT-2K')).toBe(false);
    expect(quote.routing.map((operation) => [operation.capability, operation.durationMinutes])).toEqual([
      ['cutting', 40],
      ['welding', 300],
      ['finishing', 120],
      ['assembly', 185],
      ['packaging', 25],
    ]);
  });

  it('fills declared defaults and returns the selections it used', () => {
    const quote = quoteConfiguration(bicycle, {}, 1);
    expect(quote.selections).toMatchObject({ usage: 'road', frame_material: 'aluminium', lights: false });
    expect(quote.selections.engraving).toBeUndefined();
  });

  it('refuses an invalid configuration with its minimal conflict', () => {
    const error = caught(() => quoteConfiguration(bicycle, { ...titaniumTourer, frame_material: 'carbon' }, 1));
    expect(error.conflicts.map((conflict) => conflict.ruleIds)).toEqual([['rohloff-frame']]);
  });

  it('refuses unknown values and bad quantities', () => {
    expect(caught(() => quoteConfiguration(bicycle, { ...titaniumTourer, color: 'gold' }, 1)).errors[0].option).toBe('color');
    expect(caught(() => quoteConfiguration(bicycle, { ...titaniumTourer, engraving: '<script>' }, 1)).errors[0].option).toBe(
      'engraving',
    );
    expect(caught(() => quoteConfiguration(bicycle, titaniumTourer, 0)).errors[0].option).toBe('quantity');
  });
});
