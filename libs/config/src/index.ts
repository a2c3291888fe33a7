export * from './app-config';
export * from './demo-credentials';
export * from './secret';
