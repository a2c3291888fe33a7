// The OpenAPI 3 document, generated from the controllers and DTOs, served at /openapi.json with
// Swagger UI at /docs.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('crs-export API')
    .setDescription(
      'Exports Tencent Cloud Redis (CRS) cluster backups as durable Temporal workflows. ' +
        'Errors are RFC 9457 application/problem+json. Every route but health, metrics and docs needs ' +
        '`Authorization: Bearer <api key>`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description:
          'An API key (crs_<id>_<secret>) of the keys file (npx crs-export keys create); each operation names the ' +
          'scope it needs in x-required-scope',
      },
      'apiKey',
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
  });
}
