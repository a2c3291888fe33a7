// A local Nx plugin: every project with a tsconfig.json gets a `typecheck` target (strict tsc, no emit),
// so `npx nx affected -t typecheck` checks what a change touches; `npm run typecheck` checks everything.
import { dirname } from 'node:path';
import { createNodesFromFiles, type CreateNodesV2 } from '@nx/devkit';

export const createNodesV2: CreateNodesV2 = [
  '{apps/*,libs/*,workflows,bench}/tsconfig.json',
  (configFiles, options, context) =>
    createNodesFromFiles(
      (configFile) => {
        const projectRoot = dirname(configFile);
        return {
          projects: {
            [projectRoot]: {
              targets: {
                typecheck: {
                  command: 'tsc -p tsconfig.json --noEmit',
                  options: { cwd: projectRoot },
                  cache: true,
                  inputs: ['default', '^production', '{workspaceRoot}/tsconfig.base.json'],
                  outputs: [],
                },
              },
            },
          },
        };
      },
      configFiles,
      options,
      context,
    ),
];
