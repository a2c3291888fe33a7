// The RFC 9457 problem document every error response carries (application/problem+json).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class FieldErrorDto {
  @ApiProperty({ example: 'redisId' })
  field!: string;

  @ApiProperty({ type: [String], example: ['redisId must be crs- followed by 8 lowercase letters or digits'] })
  messages!: string[];
}

export class ProblemDto {
  @ApiProperty({ example: 'urn:crs-export:problem:validation-error', description: 'Identifies the kind of problem.' })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'the request has invalid fields: redisId' })
  detail!: string;

  @ApiProperty({ example: '/exports', description: 'The request path.' })
  instance!: string;

  @ApiProperty({
    example: '5f2b8f0e-3c1a-4c55-9b8e-1b7f1d0e9a11',
    description: 'Also in the X-Request-Id header and the logs.',
  })
  requestId!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Per-field errors of a 400 validation problem.' })
  errors?: FieldErrorDto[];
}
