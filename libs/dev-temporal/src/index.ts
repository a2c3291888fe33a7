export * from './dev-server';
export * from './search-attribute-registration';
export * from './temporal-cli';
export * from './temporal-readiness';
