// What the test run's global setup started, handed to test files through environment variables.
export const TEST_ENV = {
  temporalAddress: 'CRS_TEST_TEMPORAL_ADDRESS',
  temporalCli: 'CRS_TEST_TEMPORAL_CLI',
} as const;

/** Address of the real Temporal dev server the global setup started (or TEMPORAL_ADDRESS). */
export function testTemporalAddress(): string {
  const address = process.env[TEST_ENV.temporalAddress];
  if (!address) throw new Error(`${TEST_ENV.temporalAddress} is not set: run the tests through vitest (npm test)`);
  return address;
}

/** Path of the Temporal CLI, for tests that start a server of their own (restarts, persistence). */
export function testTemporalCli(): string | null {
  return process.env[TEST_ENV.temporalCli] ?? null;
}
