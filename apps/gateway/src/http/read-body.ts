import { UnsupportedMediaTypeException } from '@nestjs/common';
import { AppError } from '@atelier/contracts';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route accepts as its body: which media types (JSON is parsed, the others are text) and how many bytes. */
export interface BodyPolicy {
  limitBytes: number;
  mediaTypes: readonly string[];
}

/** Whether the request carries a body at all (an empty one counts as none). */
export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Reads a request body within its policy: 415 for a media type, charset or encoding the route
 * does not take, 413 as soon as it is known to exceed the limit (by its Content-Length, else
 * while reading), 400 for text that is not UTF-8 or JSON that does not parse. The rest of a
 * refused body is discarded, never buffered. A client that waits to be told to send its body
 * (`Expect: 100-continue`) is told so here, once nothing stands against reading it.
 */
export async function readBody(request: IncomingMessage, policy: BodyPolicy, response?: ServerResponse): Promise<unknown> {
  const { mediaType, charset } = contentTypeOf(request.headers['content-type']);
  // Without a content type the body may still turn out empty (a chunked request with nothing in it).
  if (mediaType && !policy.mediaTypes.includes(mediaType)) throw unsupported(policy, mediaType);
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw new UnsupportedMediaTypeException('Send the body in UTF-8');
  const encoding = request.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') throw new UnsupportedMediaTypeException('Send the body uncompressed');
  if (Number(request.headers['content-length']) > policy.limitBytes) throw tooLarge(policy);
  if (request.headers.expect?.toLowerCase() === '100-continue') response?.writeContinue();
  const bytes = await collect(request, policy);
  if (bytes.length === 0) return undefined;
  if (!mediaType) throw unsupported(policy, mediaType);
  const text = utf8(bytes);
  return mediaType === 'application/json' ? parseJson(text) : text;
}

function unsupported(policy: BodyPolicy, mediaType: string): UnsupportedMediaTypeException {
  return new UnsupportedMediaTypeException(
    `Send the body as ${policy.mediaTypes.join(', ')} (got ${mediaType || 'no content type'})`,
  );
}

function contentTypeOf(header: string | undefined): { mediaType: string; charset: string | null } {
  const [type, ...parameters] = (header ?? '').split(';');
  const charset = parameters.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p)?.[1]).find(Boolean);
  return { mediaType: type.trim().toLowerCase(), charset: charset?.toLowerCase() ?? null };
}

function collect(request: IncomingMessage, policy: BodyPolicy): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= policy.limitBytes) return void chunks.push(chunk);
      stop();
      request.resume(); // let the rest flow past unread
      reject(tooLarge(policy));
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onClose = () => {
      stop();
      reject(new AppError('VALIDATION_FAILED', 'The request body ended before it was complete'));
    };
    request.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
  });
}

function tooLarge(policy: BodyPolicy): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than the ${describeBytes(policy.limitBytes)} this route accepts`,
  );
}

export function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The request body is not valid UTF-8');
  }
}

/**
 * How deep a JSON body may nest. Atelier's deepest documents (product models) nest 6 levels; a
 * body nested thousands deep is an attack on every recursive walk after it, refused here with 400.
 */
export const MAX_JSON_DEPTH = 64;

function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new AppError('VALIDATION_FAILED', `The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return value;
}

/** Whether arrays and objects nest deeper than `limit` (without recursion: the value may be hostile). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const todo: Array<[unknown, number]> = [[value, 0]];
  while (todo.length > 0) {
    const [current, depth] = todo.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(current)) if (child !== null && typeof child === 'object') todo.push([child, depth + 1]);
  }
  return false;
}
