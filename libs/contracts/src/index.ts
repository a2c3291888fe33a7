export * from './export-state';
export * from './export-status';
export * from './export-ids';
export * from './export-resource';
export * from './search-attributes';
