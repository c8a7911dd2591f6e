import { isUuid, uuidSchema } from './ids';

describe('uuid ids', () => {
  it('accept a uuid in either case and nothing else', () => {
    for (const id of ['0b9d5c3e-8c1a-4f7e-9d2a-1b2c3d4e5f60', '0B9D5C3E-8C1A-4F7E-9D2A-1B2C3D4E5F60']) {
      expect(isUuid(id)).toBe(true);
      expect(uuidSchema.safeParse(id).success).toBe(true);
    }
    for (const id of ['', 'order-1', '0b9d5c3e-8c1a-4f7e-9d2a-1b2c3d4e5f6', '0b9d5c3e-8c1a-4f7e-9d2a-1b2c3d4e5f60 ', 42, null]) {
      expect(isUuid(id)).toBe(false);
      expect(uuidSchema.safeParse(id).success).toBe(false);
    }
  });
});
