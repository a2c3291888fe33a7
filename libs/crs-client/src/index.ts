export * from './crs-api';
export * from './signature';
