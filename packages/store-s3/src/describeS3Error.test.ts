import { describe, expect, it } from 'vitest';
import { describeS3Error } from './describeS3Error.js';

const s3Error = (name: string, message: string, httpStatusCode: number) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });

describe('describeS3Error', () => {
  it('gives the S3 code, the HTTP status and a hint for the common failures', () => {
    expect(describeS3Error(s3Error('AccessDenied', 'Access Denied', 403))).toBe(
      'AccessDenied, HTTP 403: access denied: check the credentials and the bucket policy',
    );
  });

  it("keeps the SDK's message for codes without a hint, and drops HEAD's UnknownError", () => {
    expect(describeS3Error(s3Error('SlowDown', 'Please reduce your request rate.', 503))).toBe(
      'SlowDown, HTTP 503: Please reduce your request rate.',
    );
    expect(describeS3Error(s3Error('BadRequest', 'UnknownError', 400))).toBe(
      'BadRequest, HTTP 400',
    );
  });

  it('names the bodiless errors of HEAD after their status', () => {
    expect(describeS3Error(s3Error('Unknown', 'UnknownError', 403))).toBe(
      'Forbidden, HTTP 403: access denied: check the credentials and the bucket policy',
    );
    expect(describeS3Error(s3Error('Unknown', 'Unknown', 301))).toBe(
      'PermanentRedirect, HTTP 301: the bucket is in another region: check `region` and `endpoint`',
    );
    expect(describeS3Error(s3Error('Unknown', 'UnknownError', 418))).toBe('Unknown, HTTP 418');
  });

  it('gives the network error code of a failed connection', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND minio.invalid'), {
      code: 'ENOTFOUND',
      $metadata: {},
    });
    expect(describeS3Error(error)).toBe('ENOTFOUND: the endpoint host name does not resolve');
  });

  it('blanks out the secrets it is given, wherever the message repeats them', () => {
    const error = s3Error('InvalidArgument', 'bad header: key=TOPSECRET, again TOPSECRET', 400);
    expect(describeS3Error(error, ['TOPSECRET', ''])).toBe(
      'InvalidArgument, HTTP 400: bad header: key=***, again ***',
    );
  });
});
