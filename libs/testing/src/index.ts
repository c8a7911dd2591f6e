export * from './wait-for';
export * from './namespace';
