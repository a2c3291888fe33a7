// The Temporal dev server the test run's global setup started. Read here rather than through libs/testing's
// testTemporalAddress(), because libs/testing depends on this library (its fixed test key) and Nx refuses the
// cycle; the variable is libs/testing's TEST_ENV.temporalAddress.
export function testTemporalAddress(): string {
  const address = process.env['CRS_TEST_TEMPORAL_ADDRESS'];
  if (!address) throw new Error('CRS_TEST_TEMPORAL_ADDRESS is not set: run the tests through vitest (npm test)');
  return address;
}
