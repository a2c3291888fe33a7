import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

async function lintFixture(file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, ignore: false });
  const [result] = await eslint.lintFiles([join(root, 'workflows', 'lint-fixtures', file)]);
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the workflow sandbox lint rule', () => {
  it('rejects a workflow that imports node:fs', async () => {
    const messages = await lintFixture('node-fs.workflow.ts');
    expect(messages).toContainEqual(expect.stringMatching(/no-restricted-imports: 'node:fs' import is restricted/));
  });

  it('rejects a workflow that imports the worker SDK', async () => {
    const messages = await lintFixture('worker-import.workflow.ts');
    expect(messages).toContainEqual(
      expect.stringMatching(/no-restricted-imports: '@temporalio\/worker' import is restricted/),
    );
  });

  it('accepts a workflow that imports activities as types only', async () => {
    const messages = await lintFixture('type-only-activities.workflow.ts');
    expect(messages).toEqual([]);
  });
});
