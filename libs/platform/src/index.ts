export * from './config';
export * from './database.module';
export * from './health.module';
export * from './bootstrap';
export * from './database-roles';
export * from './clock';
export * from './logging';
