// The public surface of the CRS v2 API client.
export * from './coerce';
export * from './create-crs-client';
export * from './crs-api';
export * from './crs-api-error';
export * from './crs-client';
export * from './crs-envelope';
export * from './crs-error-codes';
export * from './signature';
export * from './wire-encoding';
