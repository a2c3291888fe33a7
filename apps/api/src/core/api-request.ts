// What the API adds to an Express request on its way through: the request id and the caller's key.
import type { Request } from 'express';

export interface ApiRequest extends Request {
  requestId?: string;
  /** A fingerprint of the API key that authenticated the request (never the key). */
  apiKeyId?: string;
}
