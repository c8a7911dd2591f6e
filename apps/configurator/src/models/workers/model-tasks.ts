import {
  compileModel,
  CountBudgetExceededError,
  countConfigurations,
  importDimacs,
  importXcsp,
  ModelLimitError,
  parseModelText,
  portableModel,
  ReasoningBudgetExceededError,
  type PortableModel,
} from '@atelier/configurator-engine';

/** A model as it arrives to be published: the native document, its YAML text, or an import. */
export type ModelSource =
  | { format: 'native'; document: unknown }
  | { format: 'yaml'; content: string }
  | { format: 'xcsp' | 'dimacs'; content: string; meta: { id: string; name: string } };

/** Work a model worker does. Stored documents travel as JSON text, so the request thread never parses them. */
export type ModelTask =
  | { kind: 'check'; source: ModelSource; timeLimitMs: number }
  | { kind: 'compile'; documentJson: string; timeLimitMs: number }
  | { kind: 'count'; documentJson: string; timeLimitMs: number };

/** A checked model, ready to store: its validated document as JSON text. */
export interface CheckedModel {
  id: string;
  name: string;
  description: string | null;
  documentJson: string;
}

export interface Refusal {
  code: 'INVALID_MODEL' | 'TOO_HARD';
  message: string;
  details?: unknown;
}

export type TaskOutcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** Runs one task; every expected failure is a Refusal, anything else throws. */
export function runModelTask(task: ModelTask, now: () => number = Date.now): TaskOutcome<unknown> {
  switch (task.kind) {
    case 'check':
      return checkModel(task.source, task.timeLimitMs, now);
    case 'compile':
      return compileStored(task.documentJson, task.timeLimitMs, now);
    case 'count':
      return countStored(task.documentJson, task.timeLimitMs);
  }
}

/** Reads, validates and compiles a model, and checks that it has a valid configuration, within the time limit. */
export function checkModel(source: ModelSource, timeLimitMs: number, now: () => number): TaskOutcome<CheckedModel> {
  const deadline = { at: now() + timeLimitMs, now };
  const read = readSource(source);
  if (!read.ok) return read;
  try {
    const result = compileModel(read.value, { budget: { deadline } });
    if (!result.ok) return refuse('INVALID_MODEL', 'The product model is not valid', result.errors);
    const { document } = result.model;
    return {
      ok: true,
      value: {
        id: document.id,
        name: document.name,
        description: document.description ?? null,
        documentJson: JSON.stringify(document),
      },
    };
  } catch (error) {
    if (error instanceof ReasoningBudgetExceededError) return refuse('TOO_HARD', tooHardToCheck(timeLimitMs));
    throw error;
  }
}

export function tooHardToCheck(timeLimitMs: number): string {
  return `The model is too hard to check within ${seconds(timeLimitMs)}: no valid configuration was found or ruled out in time`;
}

function readSource(source: ModelSource): TaskOutcome<unknown> {
  if (source.format === 'native') return { ok: true, value: source.document };
  const format = source.format === 'yaml' ? 'YAML' : source.format.toUpperCase();
  try {
    if (source.format === 'yaml') return { ok: true, value: parseModelText(source.content) };
    return {
      ok: true,
      value: source.format === 'xcsp' ? importXcsp(source.content, source.meta) : importDimacs(source.content, source.meta),
    };
  } catch (error) {
    if (error instanceof ModelLimitError)
      return refuse('INVALID_MODEL', `The ${format} document is too large: ${error.message}`, { limit: error.limit });
    return refuse('INVALID_MODEL', `The ${format} document could not be read: ${(error as Error).message}`);
  }
}

/** A stored (so already checked) version compiled for a replica that answers requests on it. */
function compileStored(documentJson: string, timeLimitMs: number, now: () => number): TaskOutcome<PortableModel> {
  try {
    const result = compileModel(JSON.parse(documentJson), { budget: { deadline: { at: now() + timeLimitMs, now } } });
    if (!result.ok)
      return refuse('INVALID_MODEL', `The stored model no longer compiles: ${JSON.stringify(result.errors.slice(0, 3))}`);
    return { ok: true, value: portableModel(result.model) };
  } catch (error) {
    if (error instanceof ReasoningBudgetExceededError)
      return refuse('TOO_HARD', `The model could not be compiled within ${seconds(timeLimitMs)}`);
    throw error;
  }
}

function countStored(documentJson: string, timeLimitMs: number): TaskOutcome<string> {
  const result = compileModel(JSON.parse(documentJson));
  if (!result.ok) return refuse('INVALID_MODEL', 'The stored model no longer compiles');
  try {
    return { ok: true, value: countConfigurations(result.model, { timeoutMs: timeLimitMs }).toString() };
  } catch (error) {
    if (error instanceof CountBudgetExceededError)
      return refuse('TOO_HARD', `Counting exceeds its budget (${seconds(timeLimitMs)}): ${error.message}`);
    throw error;
  }
}

function refuse(code: Refusal['code'], message: string, details?: unknown): TaskOutcome<never> {
  return { ok: false, refusal: { code, message, ...(details === undefined ? {} : { details }) } };
}
