// Types of ensure-deps.mjs, for its spec.
export function whyInstallIsNeeded(root?: string): string | undefined;
export function ensureDependencies(options?: {
  root?: string;
  install?: (root: string) => number;
  log?: (line: string) => void;
}): boolean;
