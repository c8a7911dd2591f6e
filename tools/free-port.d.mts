// Types of free-port.mjs, for the TypeScript test support.
export function freePort(): Promise<number>;
