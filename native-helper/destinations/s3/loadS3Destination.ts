import type { S3Destination } from './s3Destination';

/**
 * The S3 destination's class, its module loaded on first use: the AWS SDK it brings is ~20 MB of memory and
 * part of every start, which a job with only local destinations, and most commands, need not pay.
 */
export function s3DestinationClass(): typeof S3Destination {
  return (require('./s3Destination') as typeof import('./s3Destination')).S3Destination;
}
