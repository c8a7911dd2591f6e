import { readSuppliersSettings } from './suppliers-settings';

describe('suppliers settings', () => {
  it('give an offer 48 hours unless OFFER_TIMEOUT_SECONDS says otherwise', () => {
    expect(readSuppliersSettings({})).toEqual({ offerTimeoutSeconds: 172_800 });
    expect(readSuppliersSettings({ OFFER_TIMEOUT_SECONDS: '2' })).toEqual({ offerTimeoutSeconds: 2 });
  });

  it('refuse a timeout that is not a positive whole number of seconds, naming it', () => {
    for (const bad of ['0', '1.5', 'soon'])
      expect(() => readSuppliersSettings({ OFFER_TIMEOUT_SECONDS: bad })).toThrow(/OFFER_TIMEOUT_SECONDS/);
  });
});
