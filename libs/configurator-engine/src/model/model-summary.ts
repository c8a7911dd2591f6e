import type { CompiledModel } from './compiled-model';

export interface OptionSummary {
  id: string;
  type: 'enumeration' | 'boolean' | 'integer' | 'decimal' | 'text';
  label: string;
  description?: string;
  values?: Array<string | number | { value: string | number; label?: string }>;
  min?: number;
  max?: number;
  step?: number;
  unit?: string;
  default?: string | number | boolean;
  optional?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface ModelSummary {
  id: string;
  name: string;
  description?: string;
  currency: string;
  options: OptionSummary[];
}

/** What a catalog or a configuration screen needs to show a model's options. */
export function modelSummary(model: CompiledModel): ModelSummary {
  const { document } = model;
  const summary: ModelSummary = { id: document.id, name: document.name, currency: document.currency, options: [] };
  if (document.description !== undefined) summary.description = document.description;
  summary.options = document.options.map((option) => {
    const entry: OptionSummary = { ...option } as OptionSummary;
    return entry;
  });
  return summary;
}
