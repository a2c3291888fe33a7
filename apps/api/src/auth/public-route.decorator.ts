// Marks a route as open without an API key and outside the rate limit (health, metrics).
import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'crs-export:public-route';
export const PublicRoute = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
