/**
 * A namespace isolates one deployment or one test run from another on shared NATS, PostgreSQL and
 * Redis: it prefixes request and event subjects, stream names and service schemas. Empty in production.
 * It lives with the contracts because it is part of how every subject and stream is named.
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

  /** The PostgreSQL schema a service owns. */
  schema(service: string): string {
    return this.prefix ? `${this.schemaPrefix()}${service}` : service;
  }

  /** What every schema of this namespace starts with (empty without a namespace). */
  schemaPrefix(): string {
    return this.prefix ? `${this.prefix.replace(/-/g, '_')}_` : '';
  }
}
