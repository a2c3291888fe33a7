// Public surface of the export activities: the factory, its types and the activity names.
export * from './activity-names';
export * from './activity-types';
export * from './export-activities';
export * from './notification-activities';
export * from './retention-activities';
export * from './archive-activities';
