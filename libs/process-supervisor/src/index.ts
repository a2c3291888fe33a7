// Child processes of the local tooling: supervised services, readiness probes, free ports, cached Go builds.
export * from './cached-go-binary';
export * from './free-port';
export * from './readiness';
export * from './service-process';
