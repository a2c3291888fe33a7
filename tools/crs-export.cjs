#!/usr/bin/env node
// `npx crs-export`: runs the CLI (apps/cli/src/main.ts) through tools/run-ts.cjs, without a build step.
'use strict';
const path = require('node:path');
process.argv.splice(2, 0, path.join(__dirname, '..', 'apps', 'cli', 'src', 'main.ts'));
require('./run-ts.cjs');
