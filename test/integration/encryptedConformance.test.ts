import { S3_CAPABILITIES, S3Destination } from '../../native-helper/destinations/s3/s3Destination';
import { EncryptedDestination } from '../../native-helper/destinations/crypt/encryptedDestination';
import { generateIdentity } from '../../native-helper/destinations/crypt/ageIdentity';
import { nullUploadJournal } from '../../native-helper/destinations/uploadJournal';
import { testS3Server, uniqueBucket } from '../helpers/s3Server';
import { destinationConformance } from './destinationConformance';

// The encryption layer is a destination like any other: the suite every backend passes, over S3.
const opened: EncryptedDestination[] = [];

async function newEncrypted(names: boolean): Promise<EncryptedDestination> {
  const server = testS3Server();
  const config = {
    name: 'vault',
    kind: 's3' as const,
    bucket: await uniqueBucket('crypt-conf'),
    prefix: 'threefold',
    endpoint: server.endpoint,
    region: server.region,
    pathStyle: true,
    media: 'cloud',
    offsite: true,
  };
  const inner = new S3Destination(config, nullUploadJournal(), {
    partSize: 5 * 1024 * 1024,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
  const identity = generateIdentity();
  const d = new EncryptedDestination(inner, { recipient: identity.recipient, names, key: 'file' }, () => identity);
  opened.push(d);
  return d;
}

const closeOpened = async (): Promise<void> => {
  for (const d of opened.splice(0)) d.close();
};

destinationConformance('EncryptedDestination over S3 (Swift)', () => newEncrypted(false), { ...S3_CAPABILITIES, sendsWhole: false }, closeOpened);
destinationConformance(
  'EncryptedDestination with encrypted names over S3 (Swift)',
  () => newEncrypted(true),
  { ...S3_CAPABILITIES, sendsWhole: false },
  closeOpened,
);
