import { z } from 'zod';
import { issueDetails, issueText } from './zod-issues';

describe('zod issues', () => {
  const schema = z.object({ lines: z.array(z.object({ quantity: z.number().int() })), note: z.string() });

  it('name each problem by its dotted path', () => {
    const error = schema.safeParse({ lines: [{ quantity: 1.5 }], note: 3 }).error!;
    expect(issueDetails(error).map((d) => d.path)).toEqual(['lines.0.quantity', 'note']);
    expect(issueText(error)).toMatch(/^lines\.0\.quantity: .+; note: .+$/);
  });

  it('name a problem of the whole value as the caller says', () => {
    const error = schema.safeParse('text').error!;
    expect(issueDetails(error)[0]!.path).toBe('');
    expect(issueText(error, '(data)')).toMatch(/^\(data\): /);
    expect(issueText(error)).toMatch(/^: /);
  });
});
