/**
 * A namespace isolates one deployment or one test run from another on shared NATS:
 * it prefixes request and event subjects and stream names. Empty in production.
 */
export class Namespace {
  constructor(readonly prefix: string) {
    if (prefix && !/^[a-z][a-z0-9_-]*$/.test(prefix)) {
      throw new Error(`ATELIER_NAMESPACE must be lowercase letters, digits, - or _ (got "${prefix}")`);
    }
  }

  subject(subject: string): string {
    return this.prefix ? `${this.prefix}.${subject}` : subject;
  }

  /** The contract subject of a namespaced subject (the inverse of `subject`). */
  unprefixed(subject: string): string {
    return this.prefix && subject.startsWith(`${this.prefix}.`) ? subject.slice(this.prefix.length + 1) : subject;
  }

  stream(name: string): string {
    return this.prefix ? `${this.prefix.toUpperCase().replace(/-/g, '_')}_${name}` : name;
  }
}
