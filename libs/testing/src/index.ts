export * from './wait-for';
export * from './namespace';
export * from './streams';
