import { S3_PROVIDERS } from '../../../src/providers/s3Providers';
import { SSE_ALGORITHMS } from '../../../src/providers/serverSideEncryption';
import {
  chooseProvider,
  type DestinationForm,
  needsEndpoint,
  presetEndpoint,
  providerOf,
  regionChoices,
  storageClassChoices,
} from '../../model/destinationForm';
import { Select } from '../spectrum/Select';
import { TextField } from '../spectrum/TextField';

export interface S3DestinationFieldsProps {
  form: DestinationForm;
  onChange(form: DestinationForm): void;
}

const PROVIDER_OPTIONS = [{ value: '', label: 'No preset: AWS, or the endpoint below' }, ...S3_PROVIDERS.map((p) => ({ value: p.id, label: p.label }))];
const SSE_OPTIONS = [
  { value: '', label: "The bucket's default" },
  ...SSE_ALGORITHMS.map((a) => ({ value: a, label: a === 'AES256' ? 'AES256 (keys kept by the store)' : 'aws:kms (a KMS key)' })),
];

/**
 * What an S3 destination needs beyond a name and a place: the provider (its endpoint and regions), a key
 * pair (the secret masked; sent once, stored by the helper in the keychain, never shown again), server-side
 * encryption and the copies' storage class.
 */
export function S3DestinationFields({ form, onChange }: S3DestinationFieldsProps) {
  const edit = (change: Partial<DestinationForm>): void => onChange({ ...form, ...change });
  const provider = providerOf(form);
  const regions = regionChoices(form);
  const endpoint = presetEndpoint(form);
  const classes = storageClassChoices(form);
  return (
    <div className="s3-fields" data-testid="dest-s3-fields">
      <div className="field">
        <sp-body size="XS" class="field-label">
          Provider
        </sp-body>
        <Select
          label="Provider"
          value={form.provider}
          options={PROVIDER_OPTIONS}
          onChange={(id) => onChange(chooseProvider(form, id))}
          testId="dest-provider"
        />
      </div>
      {regions ? (
        <div className="field">
          <sp-body size="XS" class="field-label">
            Region
          </sp-body>
          <Select
            label="Region"
            value={form.region}
            options={[{ value: '', label: `${provider!.defaultRegion} (default)` }, ...regions.map((r) => ({ value: r, label: r }))]}
            onChange={(region) => edit({ region })}
            testId="dest-region"
          />
        </div>
      ) : (
        <TextField
          label="Region"
          value={form.region}
          onChange={(region) => edit({ region })}
          placeholder={`e.g. ${provider?.defaultRegion ?? 'us-east-1'}`}
          testId="dest-region"
        />
      )}
      {needsEndpoint(form) ? (
        <TextField
          label={provider ? `Endpoint of your ${provider.label} store` : 'Endpoint (S3-compatible stores other than AWS)'}
          value={form.endpoint}
          onChange={(value) => edit({ endpoint: value })}
          placeholder="e.g. https://s3.example.com"
          testId="dest-endpoint"
        />
      ) : endpoint ? (
        <sp-body size="XS" class="muted" data-testid="dest-preset-endpoint">
          Endpoint: {endpoint}
        </sp-body>
      ) : null}
      <TextField
        label="Access key id (empty: the AWS credentials on the helper's machine)"
        value={form.accessKeyId}
        onChange={(accessKeyId) => edit({ accessKeyId })}
        testId="dest-access-key-id"
      />
      <TextField
        label="Secret access key (sent once, stored by the helper, never shown again)"
        value={form.secretAccessKey}
        onChange={(secretAccessKey) => edit({ secretAccessKey })}
        masked
        testId="dest-secret"
      />
      <div className="field">
        <sp-body size="XS" class="field-label">
          Server-side encryption
        </sp-body>
        <Select label="Server-side encryption" value={form.sse} options={SSE_OPTIONS} onChange={(sse) => edit({ sse })} testId="dest-sse" />
      </div>
      {form.sse === 'aws:kms' ? (
        <TextField
          label="KMS key (empty: the store's key for S3)"
          value={form.kmsKeyId}
          onChange={(kmsKeyId) => edit({ kmsKeyId })}
          placeholder="key id, ARN or alias/…"
          testId="dest-kms-key"
        />
      ) : null}
      {classes ? (
        <div className="field">
          <sp-body size="XS" class="field-label">
            Storage class of the copies
          </sp-body>
          <Select
            label="Storage class"
            value={form.storageClass}
            options={[{ value: '', label: 'STANDARD (default)' }, ...classes.filter((c) => c !== 'STANDARD').map((c) => ({ value: c, label: c }))]}
            onChange={(storageClass) => edit({ storageClass })}
            testId="dest-storage-class"
          />
        </div>
      ) : (
        <TextField
          label="Storage class of the copies (empty: STANDARD)"
          value={form.storageClass}
          onChange={(storageClass) => edit({ storageClass })}
          placeholder="as your store names it"
          testId="dest-storage-class"
        />
      )}
    </div>
  );
}
