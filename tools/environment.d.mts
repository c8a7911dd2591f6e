// Types of what TypeScript (the end-to-end support) uses of environment.mjs.
/** Environment every app process starts with. */
export declare const appProcessEnvironment: Record<string, string>;
/** The V8 flags of one app (its name as in apps/), as npm start runs it. */
export declare function appNodeFlags(app?: string): string[];
