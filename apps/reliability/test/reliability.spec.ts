// The reliability suite on the real stack, in order: bad input first (no faults yet), then faults,
// crashes and restarts, and last the scan for the Tencent secret over everything collected.
import { describe } from 'vitest';
import { badInputScenario } from './scenarios/bad-input.scenario';
import { useReliabilitySuite } from './support/reliability-suite';

describe('crs-export on the real stack', () => {
  const suite = useReliabilitySuite();
  describe('bad input', () => badInputScenario(suite));
});
