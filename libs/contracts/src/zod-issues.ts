/** One problem of a value that did not pass its schema, as callers and logs read it: `a.b.0` and what is wrong there. */
export interface IssueDetail {
  path: string;
  message: string;
}

/** What zod reports (a ZodError, or its `issues`); typed structurally so any zod version's errors fit. */
type Issues = { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> };

/** Each issue with its path joined by dots (the root is ''). */
export function issueDetails(error: Issues): IssueDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** The issues on one line, `path: message; …`; `root` names an issue of the whole value (empty path). */
export function issueText(error: Issues, root = ''): string {
  return issueDetails(error)
    .map(({ path, message }) => `${path || root}: ${message}`)
    .join('; ');
}
