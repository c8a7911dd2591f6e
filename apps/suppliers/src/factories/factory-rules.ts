import { closureInterval } from '@atelier/calendar';
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
  const zoneProblems = timeZoneProblems(factory.timeZone, 'timeZone');
  const problems = [
    ...zoneProblems,
    // With a zone that does not exist, bounds are still put in order (in UTC); the zone is refused anyway.
    ...calendarProblems(factory.calendar, zoneProblems.length === 0 ? factory.timeZone : 'UTC'),
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

/** Closures are read as scheduling reads them: closureInterval, in the factory's zone. */
function calendarProblems(calendar: Omit<CalendarData, 'timeZone'>, timeZone: string): Problem[] {
  const problems: Problem[] = [];
  calendar.workingHours.forEach((hours, index) => {
    if (hours.from >= hours.to) {
      problems.push({ path: `calendar.workingHours.${index}`, message: `ends (${hours.to}) before it starts (${hours.from})` });
    }
  });
  calendar.closures.forEach((closure, index) => {
    const unreadable = (['from', 'to'] as const).filter((bound) => {
      const text = closure[bound];
      return !CLOSURE_TIME.test(text) || Number.isNaN(Date.parse(text.length === 10 ? text : text.replace(' ', 'T')));
    });
    for (const bound of unreadable) problems.push({ path: `calendar.closures.${index}.${bound}`, message: 'is not a date' });
    if (unreadable.length > 0) return;
    try {
      closureInterval(closure, timeZone);
    } catch (error) {
      const message = (error as Error).message;
      problems.push({
        path: `calendar.closures.${index}`,
        message: message.startsWith('Closure ends before') ? 'ends before it starts' : message,
      });
    }
  });
  return problems;
}

function capabilityProblems(capabilities: FactoryData['capabilities']): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  capabilities.forEach(({ capability }, index) => {
    if (seen.has(capability))
      problems.push({ path: `capabilities.${index}.capability`, message: `${capability} is listed twice` });
    seen.add(capability);
  });
  return problems;
}
