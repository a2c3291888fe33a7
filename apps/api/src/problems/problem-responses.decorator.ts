// Documents a route's problem+json error responses in the OpenAPI document.
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDto } from './problem.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (field errors in `errors`), malformed JSON or an invalid cursor',
  401: 'No API key, or not a valid one (unknown, revoked or expired)',
  403: "The API key lacks the route's scope",
  404: 'No such export',
  409: 'The export has already finished',
  413: 'The request body is larger than the configured limit',
  415: 'The request body is not JSON',
  422: 'The Idempotency-Key was first used for a different request',
  429: 'Too many requests for this API key or address',
  503: 'Temporal cannot be reached',
};

export function ApiProblemResponses(...statuses: (keyof typeof DESCRIPTIONS)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...[...statuses, 500].map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Unexpected error (details are in the logs, under the request id)',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
