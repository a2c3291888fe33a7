// Requires `Authorization: Bearer <api key>` on every route not marked @PublicRoute().
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiRequest } from '../core/api-request';
import { UnauthorizedError } from '../problems/api-errors';
import { ApiKeyVerifier } from './api-key-verifier';
import { PUBLIC_ROUTE } from './public-route.decorator';

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: ApiKeyVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]))
      return true;
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const token = ApiKeyVerifier.bearerToken(request.headers.authorization);
    if (token === null) throw new UnauthorizedError('send an API key as Authorization: Bearer <key>');
    const keyId = this.verifier.identify(request);
    if (keyId === null) throw new UnauthorizedError('the API key is not valid');
    request.apiKeyId = keyId;
    return true;
  }
}
