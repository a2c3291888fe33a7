export * from './export-definitions';
