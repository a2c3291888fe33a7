// Signed webhooks of crs-export: events, their signature, endpoints by name, delivery and a receiver.
export * from './endpoint-config';
export * from './event-builders';
export * from './notification-errors';
export * from './replay-store';
export * from './text-redaction';
export * from './webhook-delivery';
export * from './webhook-endpoints';
export * from './webhook-event';
export * from './webhook-headers';
export * from './webhook-receiver';
export * from './webhook-secret';
export * from './webhook-signature';
export * from './webhook-verification';
