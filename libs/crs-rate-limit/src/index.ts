// Tencent's per-account CRS call limits, shared out between the workers.
export * from './crs-rate-limiter';
