// A small client for Atelier's HTTP API, used by seed.mjs and demo.mjs. Its errors say
// which request answered what, so a failed run points at the endpoint to look at.
import { setTimeout as delay } from 'node:timers/promises';

const REQUEST_TIMEOUT_MS = 15_000;
const RATE_LIMIT_RETRIES = 5;

export class ApiError extends Error {
  constructor(message, { status, body } = {}) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/**
 * api(method, path, { token, body, headers, accept }) → { status, body }
 * accept: statuses that are not errors (default: any 2xx).
 */
export function apiClient(baseUrl) {
  return async function api(method, path, { token, body, headers = {}, accept } = {}) {
    const what = `${method} ${path}`;
    const request = {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    };
    let response;
    for (let attempt = 0; ; attempt++) {
      try {
        response = await fetch(new URL(path, baseUrl), { ...request, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      } catch (error) {
        throw new ApiError(`${what}: no answer from ${baseUrl} (${describeFetchError(error)})`);
      }
      // Rate limited: wait as told and try again; the demo polls, it may hit the limit.
      if (response.status !== 429 || attempt >= RATE_LIMIT_RETRIES) break;
      await response.arrayBuffer();
      await delay(retryAfterMs(response));
    }
    const text = await response.text();
    const parsed = parseJson(text);
    const accepted = accept ? accept.includes(response.status) : response.ok;
    if (!accepted) {
      throw new ApiError(`${what} answered ${response.status} ${describeErrorBody(parsed, text)}`, {
        status: response.status,
        body: parsed,
      });
    }
    return { status: response.status, body: parsed };
  };
}

/** Waits until GET path answers 2xx, or throws with the last answer seen. */
export async function waitForApi(baseUrl, path, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  const api = apiClient(baseUrl);
  let lastError;
  while (Date.now() < deadline) {
    try {
      return await api('GET', path);
    } catch (error) {
      lastError = error;
    }
    await delay(500);
  }
  throw new ApiError(`not ready after ${deadlineMs / 1000} s: ${lastError?.message}`);
}

/** List endpoints may answer an array or a page `{ items, nextCursor }`. */
export function itemsOf(body) {
  if (Array.isArray(body)) return body;
  for (const key of ['items', 'data', 'results']) if (Array.isArray(body?.[key])) return body[key];
  throw new ApiError(`expected a list, got ${JSON.stringify(body)?.slice(0, 200)}`);
}

export function formatMoney(money) {
  return money && typeof money === 'object' ? `${money.amount} ${money.currency}` : String(money);
}

function retryAfterMs(response) {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 30) * 1000 : 1000;
}

function parseJson(text) {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** API.md's error shape is { error: { code, message, details } }; show all of it, briefly. */
function describeErrorBody(parsed, text) {
  const error = parsed?.error;
  if (!error) return text ? text.slice(0, 300) : '(empty body)';
  const details = error.details === undefined ? '' : ` details: ${JSON.stringify(error.details).slice(0, 500)}`;
  return `${error.code}: ${error.message}${details}`;
}

function describeFetchError(error) {
  if (error.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const code = error.cause?.code ?? error.code;
  if (code === 'ECONNREFUSED') return 'connection refused: is `npm start` running?';
  return code ?? error.message;
}
