export * from './export-state';
export * from './export-status';
export * from './export-ids';
export * from './search-attributes';
