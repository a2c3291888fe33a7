export * from './dev-server';
export * from './free-port';
export * from './search-attribute-registration';
export * from './temporal-cli';
