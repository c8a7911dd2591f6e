import type { Conflict } from '../configure/conflict';
import type { SelectionError } from '../configure/selections';

/** A configuration that cannot be quoted: invalid choices, clashing rules, or incomplete. */
export class ConfigurationError extends Error {
  constructor(
    message: string,
    readonly conflicts: Conflict[],
    readonly errors: SelectionError[],
  ) {
    super(message);
    this.name = 'ConfigurationError';
  }
}
