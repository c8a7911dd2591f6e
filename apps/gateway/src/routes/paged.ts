/** What every list's summary says about paging. */
export const PAGED = 'A page { items, nextCursor }: follow nextCursor until null.';
