// Types of what TypeScript (the end-to-end support) uses of environment.mjs.
/** The old-space bound, in MB, of the apps whose heap is bounded. */
export declare const oldSpaceMb: Record<string, number>;
/** The V8 flags of one app (its name as in apps/), as npm start runs it. */
export declare function appNodeFlags(app: string): string[];
