// GET /healthz (the process answers) and GET /readyz (Temporal answers too); both open.
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ExportClient, TemporalUnavailableError } from '@crs-export/export-client';
import { PublicRoute } from '../auth/public-route.decorator';
import { ApiProblemResponses } from '../problems/problem-responses.decorator';

const READINESS_TIMEOUT_MS = 2_000;

export class HealthDto {
  @ApiProperty({ example: 'ok' })
  status!: string;
}

@ApiTags('operations')
@PublicRoute()
@Controller()
export class HealthController {
  constructor(private readonly exports: ExportClient) {}

  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the API process answers' })
  @ApiOkResponse({ type: HealthDto })
  healthz(): HealthDto {
    return { status: 'ok' };
  }

  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: Temporal answers a cheap call within 2 s' })
  @ApiOkResponse({ type: HealthDto })
  @ApiProblemResponses(503)
  async readyz(): Promise<HealthDto> {
    if (!(await this.exports.isTemporalReachable(READINESS_TIMEOUT_MS)))
      throw new TemporalUnavailableError('readiness check');
    return { status: 'ready' };
  }
}
