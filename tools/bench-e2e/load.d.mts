// Types of load.mjs, for its spec.
export interface LoadRequest {
  method: string;
  path: string;
  setupRequest(req: { method: string; path: string }): { headers: Record<string, string>; body: string };
  onResponse?(status: number, body: string): void;
}
export interface PacedResult {
  targetRate: number;
  arrivals: 'paced';
  connections: number;
  seconds: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  unsent: number;
  statusCodes: Record<string, number>;
  achievedRps: number;
  keptUp: boolean;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null; max: number | null; mean: number | null };
  sentLateMs: { p50: number; p99: number };
}
export function drivePaced(options: {
  urls: string[];
  connections: number;
  seconds: number;
  rate: number;
  requests: LoadRequest[];
  timeoutSeconds?: number;
}): Promise<PacedResult>;
export function placementRequests(options: {
  bodies: unknown[];
  customers: Array<{ token: string }>;
  keyPrefix: string;
  onPlaced?: (orderId: string, atMs: number) => void;
}): LoadRequest[];
