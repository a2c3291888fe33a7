// Reading what an S3 call answered in tests: the body of a GetObject, and the S3 error a call failed with.
import { S3ServiceException, type GetObjectCommandOutput } from '@aws-sdk/client-s3';

export async function bodyBytes(answer: Pick<GetObjectCommandOutput, 'Body'>): Promise<Buffer> {
  if (!answer.Body) throw new Error('the GetObject answer has no body');
  return Buffer.from(await answer.Body.transformToByteArray());
}

/** The S3 error the call failed with; fails the test when it succeeded or failed otherwise. */
export async function s3ErrorOf(call: Promise<unknown>): Promise<S3ServiceException> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof S3ServiceException)) {
    throw new Error(
      error === null ? 'expected an S3 error, the call succeeded' : `expected an S3 error: ${String(error)}`,
    );
  }
  return error;
}
