import { register } from 'prom-client';
import { cachedFor, ScrapedGauge } from './scraped-gauge';

describe('ScrapedGauge', () => {
  it('reads every reader on a scrape, leaves out one that fails, and forgets one removed', async () => {
    const gauge = new ScrapedGauge('test_scraped_backlog', 'test', ['service']);
    const stopOrders = gauge.readBy(async () => [{ labels: { service: 'orders' }, value: 3 }]);
    gauge.readBy(async () => [{ labels: { service: 'suppliers' }, value: 5 }]);
    gauge.readBy(async () => {
      throw new Error('database down');
    });
    const values = async () =>
      (await register.getSingleMetric('test_scraped_backlog')!.get()).values.map((v) => [v.labels.service, v.value]);
    expect(await values()).toEqual([
      ['orders', 3],
      ['suppliers', 5],
    ]);
    stopOrders();
    expect(await values()).toEqual([['suppliers', 5]]);
  });
});

describe('cachedFor', () => {
  it('answers from one read while fresh, and reads again after a failure', async () => {
    let reads = 0;
    let fail = true;
    const read = cachedFor(60_000, async () => {
      reads++;
      if (fail) throw new Error('no');
      return reads;
    });
    await expect(read()).rejects.toThrow('no');
    fail = false;
    expect(await read()).toBe(2);
    expect(await read()).toBe(2);
    expect(reads).toBe(2);
  });
});
