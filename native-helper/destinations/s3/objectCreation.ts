import type { ServerSideEncryption as SdkEncryption, StorageClass } from '@aws-sdk/client-s3';
import { encryptionHeaders, type ServerSideEncryption } from '../../../src/providers/serverSideEncryption';

/** What an object is created with, beyond its bytes and metadata: server-side encryption and storage class (PutObject, CreateMultipartUpload). */
export interface ObjectCreation {
  ServerSideEncryption?: SdkEncryption;
  SSEKMSKeyId?: string;
  StorageClass?: StorageClass;
}

export function objectCreation(sse: ServerSideEncryption | undefined, storageClass: string | undefined): ObjectCreation {
  return {
    ...(sse ? { ServerSideEncryption: sse.algorithm as SdkEncryption } : {}),
    ...(sse?.kmsKeyId !== undefined ? { SSEKMSKeyId: sse.kmsKeyId } : {}),
    ...(storageClass !== undefined ? { StorageClass: storageClass as StorageClass } : {}),
  };
}

/** The same as request headers, for the requests sent without the SDK (directPut.ts). */
export function creationHeaders(creation: ObjectCreation | undefined): Record<string, string> {
  if (creation === undefined) return {};
  const sse = creation.ServerSideEncryption
    ? encryptionHeaders({ algorithm: creation.ServerSideEncryption as ServerSideEncryption['algorithm'], kmsKeyId: creation.SSEKMSKeyId })
    : {};
  return { ...sse, ...(creation.StorageClass ? { 'x-amz-storage-class': creation.StorageClass } : {}) };
}
