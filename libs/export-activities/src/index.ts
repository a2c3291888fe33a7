// Public surface of the export activities: the factory, its types, the names and failure types.
export * from './activity-names';
export * from './activity-types';
export * from './export-activities';
export { crsFailure, exportErrorOf, isCrsApiError, type CrsApiErrorLike } from './crs-failure';
