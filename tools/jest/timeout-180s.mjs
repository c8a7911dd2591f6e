import { jest } from '@jest/globals';
// End-to-end tests start five processes and walk orders through them.
jest.setTimeout(180_000);
