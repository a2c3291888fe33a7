// Routes of the export resource; each handler is one call into ExportsService.
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScope } from '../auth/require-scope.decorator';
import type { ApiRequest } from '../core/api-request';
import { ApiProblemResponses } from '../problems/problem-responses.decorator';
import { CallerOf, type Caller } from './caller.decorator';
import { CancelExportDto } from './dto/cancel-export.dto';
import { CreateExportDto } from './dto/create-export.dto';
import { ExportPageDto, ExportResourceDto } from './dto/export-resource.dto';
import { GetExportQuery } from './dto/get-export.query';
import { ListExportsQuery } from './dto/list-exports.query';
import { urlsWanted } from './download-urls';
import { ExportsService, type ExportStartAnswer } from './exports.service';

/** 201 + Location for a new export; 200 for the one already running for that backup. */
function answerStart(response: Response, { resource, created }: ExportStartAnswer): ExportResourceDto {
  response.status(created ? 201 : 200).location(resource.links.self);
  return resource;
}

const exportIdParam = ApiParam({
  name: 'exportId',
  example: 'export-crs-j30wibe7-3a07b27e-f744-11e6-babc-525400082493',
});

@ApiTags('exports')
@ApiBearerAuth('apiKey')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @RequireScope('export')
  @ApiOperation({
    summary: "Start a backup's export (or get the one already running for it)",
    description: 'backupId is an ID, latest (the newest backup that can be downloaded) or new (a new backup).',
  })
  @ApiCreatedResponse({ type: ExportResourceDto, description: 'Started; Location names the export' })
  @ApiOkResponse({ type: ExportResourceDto, description: "That backup's export was already running: this is it" })
  @ApiProblemResponses(400, 401, 413, 415, 422, 429, 503)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'The same key answers with the same export (also once it has ended); 1-255 printable ASCII characters',
  })
  async create(
    @Body() body: CreateExportDto,
    @CallerOf() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ExportResourceDto> {
    return answerStart(response, await this.exports.start(body, caller));
  }

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'A page of exports, newest first, filtered by instance, backup and state' })
  @ApiOkResponse({ type: ExportPageDto })
  @ApiProblemResponses(400, 401, 429, 503)
  list(@Query() query: ListExportsQuery): Promise<ExportPageDto> {
    return this.exports.list(query);
  }

  @Get(':exportId')
  @RequireScope('read')
  @exportIdParam
  @ApiOperation({
    summary: 'One export: state, Tencent task, polls, files, archive or error',
    description: "The files' download URLs only with ?include=urls, which needs a key with scope urls (else 403).",
  })
  @ApiOkResponse({ type: ExportResourceDto })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503)
  get(
    @Param('exportId') exportId: string,
    @Query() query: GetExportQuery,
    @Req() request: ApiRequest,
  ): Promise<ExportResourceDto> {
    return this.exports.get(exportId, urlsWanted(query, request));
  }

  @Post(':exportId/cancel')
  @RequireScope('export')
  @HttpCode(202)
  @exportIdParam
  @ApiOperation({ summary: 'Ask a running export to stop; it ends CANCELLED within a second' })
  @ApiAcceptedResponse({ type: ExportResourceDto })
  @ApiProblemResponses(400, 401, 404, 409, 413, 415, 429, 503)
  cancel(
    @Param('exportId') exportId: string,
    @Body() body: CancelExportDto,
    @CallerOf() caller: Caller,
  ): Promise<ExportResourceDto> {
    return this.exports.cancel(exportId, body, caller);
  }

  @Post(':exportId/retry')
  @RequireScope('export')
  @HttpCode(202)
  @exportIdParam
  @ApiOperation({
    summary: 'Run a FAILED export again under the same ID (a new run), e.g. once a key or permission was fixed',
    description:
      'It starts from the backup the failed run had resolved and reads where Tencent stands before each step, so a backup already exported is not exported again. 409 unless the export ended FAILED.',
  })
  @ApiAcceptedResponse({ type: ExportResourceDto })
  @ApiProblemResponses(400, 401, 403, 404, 409, 413, 415, 429, 503)
  retry(@Param('exportId') exportId: string, @CallerOf() caller: Caller): Promise<ExportResourceDto> {
    return this.exports.retry(exportId, caller);
  }
}
