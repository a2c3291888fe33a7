// planRetention: an example for each reason, and its promises as properties over generated listings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  describeRetentionPolicy,
  planRetention,
  RetentionInputError,
  RetentionPolicyError,
  type ArchiveListing,
  type RetentionPolicy,
} from '../src';

const NOW = new Date('2026-12-31T00:00:00Z');

/** An archive of `redisId` whose backup started `daysAgo` days before NOW. */
function archive(redisId: string, daysAgo: number, complete = true): ArchiveListing {
  const startedAt = new Date(NOW.getTime() - daysAgo * DAY_MS).toISOString();
  return { redisId, dir: `${redisId}/${startedAt}`, backupStartedAt: startedAt, complete };
}

function reasons(policy: RetentionPolicy, archives: ArchiveListing[]): [string, string, string][] {
  return planRetention({ policy, archives, now: NOW }).map((d) => [d.dir.split('/')[1] ?? '', d.action, d.reason]);
}

const day = (daysAgo: number): string => new Date(NOW.getTime() - daysAgo * DAY_MS).toISOString();

describe('planRetention: the reasons', () => {
  it('keepLast: keeps the N newest complete archives and deletes the rest, newest first', () => {
    const archives = [0, 1, 2, 3].map((d) => archive('crs-x', d));
    expect(reasons({ keepLast: 2 }, archives)).toEqual([
      [day(0), 'keep', 'among the 2 newest'],
      [day(1), 'keep', 'among the 2 newest'],
      [day(2), 'delete', 'beyond the 2 newest'],
      [day(3), 'delete', 'beyond the 2 newest'],
    ]);
    expect(reasons({ keepLast: 1 }, archives.slice(0, 2))).toEqual([
      [day(0), 'keep', 'among the newest'],
      [day(1), 'delete', 'beyond the newest'],
    ]);
  });

  it('keepDays: keeps archives younger than D days; exactly D days old is not younger', () => {
    const archives = [archive('crs-x', 0), archive('crs-x', 29.9), archive('crs-x', 30), archive('crs-x', 45)];
    expect(reasons({ keepDays: 30 }, archives)).toEqual([
      [day(0), 'keep', 'younger than 30 days'],
      [day(29.9), 'keep', 'younger than 30 days'],
      [day(30), 'delete', 'older than 30 days'],
      [day(45), 'delete', 'older than 30 days'],
    ]);
  });

  it('both: kept if either rule keeps it, deleted only when both would', () => {
    const archives = [0, 10, 40, 50, 60].map((d) => archive('crs-x', d));
    expect(reasons({ keepLast: 3, keepDays: 30 }, archives)).toEqual([
      [day(0), 'keep', 'among the 3 newest and younger than 30 days'],
      [day(10), 'keep', 'among the 3 newest and younger than 30 days'],
      [day(40), 'keep', 'among the 3 newest'],
      [day(50), 'delete', 'older than 30 days and beyond the 3 newest'],
      [day(60), 'delete', 'older than 30 days and beyond the 3 newest'],
    ]);
    const recent = [0, 1, 2, 3, 40].map((d) => archive('crs-x', d));
    expect(reasons({ keepLast: 2, keepDays: 30 }, recent).map(([, action, reason]) => [action, reason])).toEqual([
      ['keep', 'among the 2 newest and younger than 30 days'],
      ['keep', 'among the 2 newest and younger than 30 days'],
      ['keep', 'younger than 30 days'],
      ['keep', 'younger than 30 days'],
      ['delete', 'older than 30 days and beyond the 2 newest'],
    ]);
  });

  it('never deletes the newest complete archive of an instance, even when every one is too old', () => {
    const archives = [archive('crs-x', 100), archive('crs-x', 200)];
    expect(reasons({ keepDays: 30 }, archives)).toEqual([
      [day(100), 'keep', 'the newest complete archive of crs-x is never deleted'],
      [day(200), 'delete', 'older than 30 days'],
    ]);
  });

  it('never deletes an incomplete archive, and does not count it among the newest', () => {
    const archives = [
      archive('crs-x', 0, false),
      archive('crs-x', 1),
      archive('crs-x', 2),
      archive('crs-x', 90, false),
    ];
    expect(reasons({ keepLast: 1 }, archives)).toEqual([
      [day(0), 'keep', 'incomplete: no manifest, never deleted by retention'],
      [day(1), 'keep', 'among the newest'],
      [day(2), 'delete', 'beyond the newest'],
      [day(90), 'keep', 'incomplete: no manifest, never deleted by retention'],
    ]);
  });

  it('keeps an archive whose start time cannot be read', () => {
    const unreadable = { redisId: 'crs-x', dir: 'crs-x/odd', backupStartedAt: 'not a time', complete: true };
    const plan = planRetention({ policy: { keepLast: 1 }, archives: [unreadable, archive('crs-x', 1)], now: NOW });
    expect(plan.map((d) => [d.dir, d.action, d.rule])).toEqual([
      [archive('crs-x', 1).dir, 'keep', 'keep-last'],
      ['crs-x/odd', 'keep', 'unreadable-time'],
    ]);
  });

  it('refuses a policy without a rule, or with counts that are not whole and positive, listing each', () => {
    const plan = (policy: RetentionPolicy): unknown => planRetention({ policy, archives: [], now: NOW });
    expect(() => plan({})).toThrow(RetentionPolicyError);
    try {
      plan({ keepLast: 0, keepDays: 1.5 });
    } catch (error) {
      expect((error as RetentionPolicyError).problems).toEqual([
        'keepLast must be a whole number from 1 to 100000',
        'keepDays must be a whole number from 1 to 36500',
      ]);
    }
    expect.assertions(2);
  });

  it('refuses a directory listed twice and an invalid clock', () => {
    const a = archive('crs-x', 1);
    expect(() => planRetention({ policy: { keepLast: 1 }, archives: [a, a], now: NOW })).toThrow(RetentionInputError);
    expect(() => planRetention({ policy: { keepDays: 1 }, archives: [a], now: new Date('x') })).toThrow(
      /now is not a valid time/,
    );
  });

  it('says the policy in words', () => {
    expect(describeRetentionPolicy({ keepLast: 30, keepDays: 30 })).toBe(
      'keep the 30 newest complete archives or those younger than 30 days of each instance; an incomplete archive and the newest complete one are never deleted',
    );
    expect(describeRetentionPolicy({ keepDays: 1 })).toMatch(/^keep archives younger than 1 day of each instance/);
  });
});

// Listings of a few instances, times drawn from few values (so equal times occur), some incomplete.
const INSTANCES = ['crs-a', 'crs-b', 'crs-c'];
const listingArb = fc
  .array(
    fc.record({
      redisId: fc.constantFrom(...INSTANCES),
      daysAgo: fc.integer({ min: -2, max: 60 }),
      complete: fc.boolean(),
    }),
    { maxLength: 40 },
  )
  .map((items) =>
    items.map(({ redisId, daysAgo, complete }, index) => ({
      redisId,
      dir: `${redisId}/${String(index).padStart(3, '0')}`,
      backupStartedAt: new Date(NOW.getTime() - daysAgo * DAY_MS).toISOString(),
      complete,
    })),
  );
const policyArb: fc.Arbitrary<RetentionPolicy> = fc.oneof(
  fc.record({ keepLast: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ keepDays: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ keepLast: fc.integer({ min: 1, max: 6 }), keepDays: fc.integer({ min: 1, max: 40 }) }),
);

describe('planRetention: properties', () => {
  it('decides once for every archive', () => {
    fc.assert(
      fc.property(policyArb, listingArb, (policy, archives) => {
        const plan = planRetention({ policy, archives, now: NOW });
        expect(plan.map((d) => d.dir).sort()).toEqual(archives.map((a) => a.dir).sort());
      }),
    );
  });

  it('deletes only complete archives', () => {
    fc.assert(
      fc.property(policyArb, listingArb, (policy, archives) => {
        for (const decision of planRetention({ policy, archives, now: NOW })) {
          if (decision.action === 'delete') expect(decision.complete).toBe(true);
        }
      }),
    );
  });

  it('never deletes the newest complete archive of an instance', () => {
    fc.assert(
      fc.property(policyArb, listingArb, (policy, archives) => {
        const plan = planRetention({ policy, archives, now: NOW });
        for (const redisId of INSTANCES) {
          const complete = archives.filter((a) => a.redisId === redisId && a.complete);
          if (complete.length === 0) continue;
          const newest = Math.max(...complete.map((a) => Date.parse(a.backupStartedAt)));
          const keptNewest = plan.filter(
            (d) =>
              d.redisId === redisId && d.complete && d.action === 'keep' && Date.parse(d.backupStartedAt) === newest,
          );
          expect(keptNewest.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('deletes exactly what no rule keeps (a model of the semantics)', () => {
    fc.assert(
      fc.property(policyArb, listingArb, (policy, archives) => {
        const plan = planRetention({ policy, archives, now: NOW });
        for (const decision of plan) {
          const ms = Date.parse(decision.backupStartedAt);
          // Complete archives of the instance strictly newer, or as new with a smaller dir.
          const newer = archives.filter(
            (a) =>
              a.redisId === decision.redisId &&
              a.complete &&
              (Date.parse(a.backupStartedAt) > ms || (Date.parse(a.backupStartedAt) === ms && a.dir < decision.dir)),
          ).length;
          const keptByCount = policy.keepLast !== undefined && newer < policy.keepLast;
          const keptByAge = policy.keepDays !== undefined && NOW.getTime() - ms < policy.keepDays * DAY_MS;
          const expected = decision.complete && newer > 0 && !keptByCount && !keptByAge ? 'delete' : 'keep';
          expect(decision.action).toBe(expected);
        }
      }),
    );
  });

  it('gives the same plan whatever the order of the listing', () => {
    fc.assert(
      fc.property(
        policyArb,
        listingArb.chain((archives) =>
          fc.tuple(fc.constant(archives), fc.shuffledSubarray(archives, { minLength: archives.length })),
        ),
        (policy, [archives, shuffled]) => {
          expect(planRetention({ policy, archives: shuffled, now: NOW })).toEqual(
            planRetention({ policy, archives, now: NOW }),
          );
        },
      ),
    );
  });

  it('plans each instance as if it were alone', () => {
    fc.assert(
      fc.property(policyArb, listingArb, (policy, archives) => {
        const plan = planRetention({ policy, archives, now: NOW });
        for (const redisId of INSTANCES) {
          const alone = planRetention({ policy, archives: archives.filter((a) => a.redisId === redisId), now: NOW });
          expect(plan.filter((d) => d.redisId === redisId)).toEqual(alone);
        }
      }),
    );
  });
});
