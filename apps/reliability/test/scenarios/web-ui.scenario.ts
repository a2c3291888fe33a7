// The Web UI of the production topology (its own server, mTLS to the frontend): it lists the exports the
// suite ran, filtered by RedisId, and every export resource links to it.
import { expect, it } from 'vitest';
import { pollUntil } from '../../src/delay';
import type { ReliabilitySuite } from '../support/reliability-suite';

interface UiExecutions {
  executions?: { execution?: { workflowId?: string } }[];
}

export function webUiScenario(suite: () => ReliabilitySuite): void {
  it('lists the exports by RedisId in the Web UI, and the export resources link to it', async () => {
    const { rs, targets } = suite();
    if (!rs.uiUrl) throw new Error('the production topology runs the Web UI');
    const group = targets('longOutage');
    const redisId = group[0]?.redisId ?? '';
    const expected = group.filter((target) => target.redisId === redisId).length;
    const query = encodeURIComponent(`RedisId = '${redisId}'`);
    const listed = await pollUntil(
      `the Web UI listing the ${expected} exports of ${redisId}`,
      async () => {
        const response = await fetch(`${rs.uiUrl}/api/v1/namespaces/default/workflows?query=${query}`, {
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as UiExecutions;
        const ids = (body.executions ?? []).map((e) => e.execution?.workflowId ?? '');
        return response.status === 200 && ids.length === expected ? ids : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
    expect(listed.every((id) => id.includes(redisId))).toBe(true);

    const resource = await rs.api.getExport(listed[0] ?? '');
    expect(resource.links.temporalUi.startsWith(rs.uiUrl)).toBe(true);
    const page = await fetch(resource.links.temporalUi, { signal: AbortSignal.timeout(10_000) });
    expect(page.status).toBe(200);
  });
}
