/** A capability a factory offers: how many parallel work centres, and how slow or fast they are. */
export interface CapabilityCapacity {
  capability: string;
  workCentres: number;
  /** Multiplies an operation's duration: 1.5 means it takes half as long again here. */
  speedFactor: number;
}

export interface WorkingHours {
  /** ISO weekday, 1 = Monday. */
  day: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  /** Local wall-clock time "HH:MM"; a `to` at or before `from` ends the next day, "24:00" is midnight. */
  from: string;
  to: string;
}

/** ISO 8601 date-times (with an offset, or local to the factory), or dates meaning whole local days. */
export interface Closure {
  from: string;
  to: string;
  reason?: string;
}

export interface FactoryCalendar {
  /** IANA time zone, e.g. "Europe/Paris". */
  timeZone: string;
  /** Empty means always open (closures still apply). */
  workingHours: WorkingHours[];
  closures: Closure[];
}

export interface Factory {
  id: string;
  supplierId: string;
  calendar: FactoryCalendar;
  capabilities: CapabilityCapacity[];
}

export interface Network {
  factories: Factory[];
  /** Elapsed minutes to move work from one factory to another; zero within a factory. */
  transferMinutes: { default: number; between?: Record<string, Record<string, number>> };
}
