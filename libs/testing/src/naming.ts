/**
 * Where a test namespace's subjects and streams live. Mirrors @atelier/messaging's `Namespace`
 * rather than importing it: messaging's own integration spec uses this library, and Nx forbids
 * the cycle. A drift would show at once, as every harness talks to a real app through these names.
 */
export function namespacedSubject(namespace: string, subject: string): string {
  return `${namespace}.${subject}`;
}

export function namespacedStream(namespace: string, stream: string): string {
  return `${namespace.toUpperCase().replace(/-/g, '_')}_${stream}`;
}
