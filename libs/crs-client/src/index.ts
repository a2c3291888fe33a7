// The public surface of the CRS v2 API client and its adapter of the backend port.
export * from './coerce';
export * from './create-crs-client';
export * from './crs-api';
export * from './crs-client';
export * from './crs-envelope';
export * from './signature';
export * from './v2-backend';
export * from './wire-encoding';
