import { checkSchedule } from '../plan/check-schedule';
import { Schedule } from '../plan/schedule';
import { scaleScenario } from './scale-scenario';

describe('scaleScenario', () => {
  it('builds a network with calendars in many time zones on which a plan stays feasible', () => {
    const scenario = scaleScenario({ factories: 8, orders: 60, capabilities: 4, seed: 5 });
    expect(new Set(scenario.network.factories.map((f) => f.calendar.timeZone)).size).toBe(8);
    const schedule = new Schedule(scenario.network);
    for (const order of scenario.orders) expect(schedule.insertOrder(order, { now: scenario.now }).ok).toBe(true);
    expect(schedule.insertOrder(scenario.extraOrder(1), { now: scenario.now }).ok).toBe(true);
    expect(schedule.operations()).toHaveLength(61 * 5);
    expect(checkSchedule(scenario.network, schedule.operations())).toEqual([]);
  });

  it('is the same for the same seed', () => {
    expect(scaleScenario({ factories: 3, orders: 4, seed: 9 })).toMatchObject(
      JSON.parse(JSON.stringify(scaleScenario({ factories: 3, orders: 4, seed: 9 }))),
    );
  });
});
