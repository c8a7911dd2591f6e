/* eslint-disable @typescript-eslint/no-explicit-any -- answers are JSON the tests inspect freely */
/** A tiny HTTP client for the tests: the public API as a storefront, a supplier or the operator would call it. */
export interface Answer<T = any> {
  status: number;
  body: T;
}

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  get<T = any>(path: string): Promise<Answer<T>> {
    return this.call('GET', path);
  }

  post<T = any>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    return this.call('POST', path, body, headers);
  }

  put<T = any>(path: string, body?: unknown): Promise<Answer<T>> {
    return this.call('PUT', path, body);
  }

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T };
  }
}

/** Fails with the answer itself when the status is not the expected one, so the test output says what happened. */
export function expectStatus(answer: Answer, status: number): any {
  if (answer.status !== status) {
    throw new Error(`Expected HTTP ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** Every item of a paged list, following nextCursor (limit 100, the most a page holds). */
export async function allItems(client: ApiClient, path: string): Promise<any[]> {
  const separator = path.includes('?') ? '&' : '?';
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page = expectStatus(
      await client.get(`${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      200,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
