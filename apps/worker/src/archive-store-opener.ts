// How the worker reaches archive destinations: file:// as directories, s3:// with the configured endpoint,
// region and path style, credentials from the AWS SDK's chain (environment, shared files, roles).
import { openArchiveStore } from '@crs-export/archive';
import type { AppConfig } from '@crs-export/config';
import type { OpenArchiveStore } from '@crs-export/export-activities';

export function archiveStoreOpener(config: AppConfig): OpenArchiveStore {
  const { s3 } = config.archive;
  return (destination) =>
    openArchiveStore(destination, {
      s3: {
        ...(s3.endpoint === null ? {} : { endpoint: s3.endpoint }),
        region: s3.region,
        forcePathStyle: s3.forcePathStyle,
        partChecksum: s3.partChecksum,
      },
    });
}
