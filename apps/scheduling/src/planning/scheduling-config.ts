/** The app's ServiceConfig, for providers that need more than messaging and the database do. */
export const SCHEDULING_CONFIG = Symbol('SCHEDULING_CONFIG');
