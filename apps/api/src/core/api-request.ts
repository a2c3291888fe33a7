// What the API adds to an Express request on its way through: the request id and who is calling.
import type { Request } from 'express';
import type { AuthenticatedCaller, AuthenticationFailure } from '../auth/authenticated-caller';

export interface ApiRequest extends Request {
  requestId?: string;
  /** The API key that authenticated the request (never the key itself); absent: no valid key. */
  caller?: AuthenticatedCaller;
  /** Why the presented key was refused; absent when none was presented or it was accepted. */
  authFailure?: AuthenticationFailure;
}
