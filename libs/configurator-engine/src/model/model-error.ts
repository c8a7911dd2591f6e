/** A problem in a product model document, located by a path such as "rules[3].expression". */
export interface ModelError {
  path: string;
  message: string;
}

export function formatPath(segments: ReadonlyArray<PropertyKey>): string {
  return segments
    .map((segment, position) => (typeof segment === 'number' ? `[${segment}]` : `${position === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}
