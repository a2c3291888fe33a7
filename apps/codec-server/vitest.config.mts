// This project's tests alone, with their own Temporal dev server: what `npx nx test codec-server` runs.
import { standaloneProjectConfig } from '../../tools/vitest/project-config.mts';

export default standaloneProjectConfig(import.meta.dirname);
