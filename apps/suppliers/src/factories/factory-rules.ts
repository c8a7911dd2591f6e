import { AppError, CLOSURE_TIME, type CalendarData, type FactoryData } from '@atelier/contracts';

interface Problem {
  path: string;
  message: string;
}

/**
 * What the contract's schema cannot say about a factory: a real IANA time zone, working hours
 * that end after they start, closures that are dates in order, each capability listed once.
 * Scheduling plans on these, so nonsense is refused here rather than found there.
 */
export function assertValidFactory(factory: {
  timeZone: string;
  calendar: Omit<CalendarData, 'timeZone'>;
  capabilities?: FactoryData['capabilities'];
}): void {
  const problems = [
    ...timeZoneProblems(factory.timeZone, 'timeZone'),
    ...calendarProblems(factory.calendar),
    ...capabilityProblems(factory.capabilities ?? []),
  ];
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', 'The factory is not valid', problems);
}

export function timeZoneProblems(timeZone: string, path: string): Problem[] {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return [];
  } catch {
    return [{ path, message: `${timeZone} is not a known time zone` }];
  }
}

function calendarProblems(calendar: Omit<CalendarData, 'timeZone'>): Problem[] {
  const problems: Problem[] = [];
  calendar.workingHours.forEach((hours, index) => {
    if (hours.from >= hours.to) {
      problems.push({ path: `calendar.workingHours.${index}`, message: `ends (${hours.to}) before it starts (${hours.from})` });
    }
  });
  calendar.closures.forEach((closure, index) => {
    // The format is the contract's (closureTimeSchema), read by scheduling in the factory's time zone.
    // Bounds of one kind compare without that zone; mixed kinds are left to scheduling, which
    // dead-letters a calendar change it cannot use with its reason.
    for (const bound of ['from', 'to'] as const) {
      const text = closure[bound];
      if (!CLOSURE_TIME.test(text) || Number.isNaN(Date.parse(text.length === 10 ? text : text.replace(' ', 'T')))) {
        problems.push({ path: `calendar.closures.${index}.${bound}`, message: 'is not a date' });
      }
    }
    const kind = (text: string) => (text.length === 10 ? 'date' : /(Z|[+-]\d{2}:\d{2})$/.test(text) ? 'instant' : 'local');
    if (kind(closure.from) === kind(closure.to)) {
      // Dates and local date-times compare as if in UTC: the same zone on both sides cannot change their order.
      const [from, to] = [closure.from, closure.to].map((t) => (kind(t) === 'local' ? Date.parse(`${t.replace(' ', 'T')}Z`) : Date.parse(t)));
      if (from > to) problems.push({ path: `calendar.closures.${index}`, message: 'ends before it starts' });
    }
  });
  return problems;
}

function capabilityProblems(capabilities: FactoryData['capabilities']): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  capabilities.forEach(({ capability }, index) => {
    if (seen.has(capability)) problems.push({ path: `capabilities.${index}.capability`, message: `${capability} is listed twice` });
    seen.add(capability);
  });
  return problems;
}
