// Routes of the batch resource; each handler is one call into BatchesService.
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
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
import { CallerOf, type Caller } from '../exports/caller.decorator';
import { ApiProblemResponses } from '../problems/problem-responses.decorator';
import { BatchesService, type BatchStartAnswer } from './batches.service';
import { BatchChildrenQuery } from './dto/batch-children.query';
import { BatchRequestDto } from './dto/batch-request.dto';
import { BatchResourceDto, BatchWithChildrenDto } from './dto/batch-resource.dto';
import { CancelBatchDto } from './dto/cancel-batch.dto';

function answerStart(response: Response, { resource, created }: BatchStartAnswer): BatchResourceDto {
  response.status(created ? 201 : 200).location(resource.links.self);
  return resource;
}

const batchIdParam = ApiParam({ name: 'batchId', example: 'batch-3f0c2a9d4b1e6a7c8d9e0f1a' });

@ApiTags('batches')
@ApiBearerAuth('apiKey')
@Controller('batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Post()
  @RequireScope('export')
  @ApiOperation({
    summary: 'Export many instances: one child export per instance, at most `concurrency` at once',
    description:
      'The selector names instances by id, or a region filtered by architecture, name and tags (DescribeInstances, paged).',
  })
  @ApiCreatedResponse({ type: BatchResourceDto, description: 'Started; Location names the batch' })
  @ApiOkResponse({ type: BatchResourceDto, description: 'The batch this Idempotency-Key started before' })
  @ApiProblemResponses(400, 401, 413, 415, 422, 429, 503)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'The same key answers with the same batch (also once it has ended); 1-255 printable ASCII characters',
  })
  async create(
    @Body() body: BatchRequestDto,
    @CallerOf() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BatchResourceDto> {
    return answerStart(response, await this.batches.start(body, caller));
  }

  @Get(':batchId')
  @RequireScope('read')
  @batchIdParam
  @ApiOperation({ summary: 'One batch: counts by state, each failure, retention, and a page of its children' })
  @ApiOkResponse({ type: BatchWithChildrenDto })
  @ApiProblemResponses(400, 401, 404, 429, 503)
  get(@Param('batchId') batchId: string, @Query() query: BatchChildrenQuery): Promise<BatchWithChildrenDto> {
    return this.batches.get(batchId, query);
  }

  @Post(':batchId/cancel')
  @RequireScope('export')
  @HttpCode(202)
  @batchIdParam
  @ApiOperation({ summary: 'Cancel a batch: its running children are cancelled, no more are started' })
  @ApiAcceptedResponse({ type: BatchResourceDto })
  @ApiProblemResponses(400, 401, 404, 409, 413, 415, 429, 503)
  cancel(
    @Param('batchId') batchId: string,
    @Body() body: CancelBatchDto,
    @CallerOf() caller: Caller,
  ): Promise<BatchResourceDto> {
    return this.batches.cancel(batchId, body.reason, caller);
  }
}
