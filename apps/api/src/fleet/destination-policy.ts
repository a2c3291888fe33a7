// Where a request may archive to: its destination must lie inside one of the deployment's allowed
// destinations (ARCHIVE_URL, ARCHIVE_DESTINATIONS), so that a caller cannot make the worker write anywhere.
import { Inject, Injectable } from '@nestjs/common';
import { isAllowedDestination, parseArchiveDestination } from '@crs-export/archive';
import type { AppConfig } from '@crs-export/config';
import { API_CONFIG } from '../core/api-tokens';
import { RequestValidationError } from '../problems/api-errors';

@Injectable()
export class DestinationPolicy {
  constructor(@Inject(API_CONFIG) private readonly config: AppConfig) {}

  /** The normalised destination to use: the one asked for (checked), else the default; undefined: none. */
  destinationFor(requested: string | undefined, field = 'destination'): string | undefined {
    if (requested === undefined) return this.config.archive.defaultDestination ?? undefined;
    let url: string;
    try {
      url = parseArchiveDestination(requested).url;
    } catch (error) {
      throw new RequestValidationError([{ field, messages: [error instanceof Error ? error.message : String(error)] }]);
    }
    if (!isAllowedDestination(url, this.config.archive.allowedDestinations)) {
      const allowed = this.config.archive.allowedDestinations;
      throw new RequestValidationError([
        {
          field,
          messages: [
            allowed.length === 0
              ? 'this deployment archives nowhere: set ARCHIVE_URL or ARCHIVE_DESTINATIONS'
              : `${field} must lie inside one of the allowed destinations: ${allowed.join(', ')}`,
          ],
        },
      ]);
    }
    return url;
  }
}
