import { jest } from '@jest/globals';
// Integration tests boot apps against real services; a hook may take seconds, never minutes.
jest.setTimeout(60_000);
