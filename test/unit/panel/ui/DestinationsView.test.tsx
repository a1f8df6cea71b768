/** @jest-environment jsdom */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { EMPTY_DESTINATION_FORM, type DestinationForm } from '../../../../panel/model/destinationForm';
import { DestinationsView, type DestinationsViewProps } from '../../../../panel/ui/views/DestinationsView';
import type { DestinationInfo } from '../../../../src/protocol/messages';

const raid: DestinationInfo = { name: 'raid', kind: 'local', where: '/Volumes/RAID/tf', media: 'raid', offsite: false };
const b2: DestinationInfo = { name: 'b2', kind: 's3', where: 's3://bucket/tf', media: 'cloud', offsite: true };

function renderView(props: Partial<DestinationsViewProps> = {}) {
  const all: DestinationsViewProps = {
    destinations: [raid, b2],
    verdicts: {},
    error: null,
    adding: false,
    onAdd: jest.fn(async () => true),
    onTest: jest.fn(),
    onRemove: jest.fn(),
    onDone: jest.fn(),
    ...props,
  };
  render(<DestinationsView {...all} />);
  return all;
}

const field = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;
const typeInto = (testId: string, value: string) => fireEvent.input(field(testId), { target: { value } });
const row = (name: string) => document.querySelector(`[data-testid="destination-row"][data-name="${name}"]`) as HTMLElement;

describe('DestinationsView', () => {
  it('lists each destination with where it is, its medium and whether it is offsite', () => {
    renderView();
    expect(screen.getAllByTestId('destination-row').map((r) => r.getAttribute('data-name'))).toEqual(['raid', 'b2']);
    expect(row('raid').textContent).toContain('/Volumes/RAID/tf');
    expect(row('raid').textContent).toContain('raid · onsite');
    expect(row('b2').textContent).toContain('cloud · offsite');
  });

  it("the form's hints read as examples, not as values already typed", () => {
    renderView();
    for (const id of ['dest-name', 'dest-where', 'dest-media']) expect(field(id).getAttribute('placeholder')).toMatch(/^e\.g\. /);
  });

  it("shows each destination's state: connected now and its free space, or not; when it last received a copy", () => {
    const now = new Date('2025-06-15T12:00:00Z');
    const shuttle: DestinationInfo = { ...raid, name: 'shuttle', connected: false, freeBytes: null, lastCopyAt: '2025-06-10T08:00:00Z' };
    renderView({
      now,
      destinations: [
        { ...raid, connected: true, freeBytes: 1_800_000_000_000, lastCopyAt: '2025-06-15T10:00:00Z' },
        shuttle,
        { ...b2, connected: null, freeBytes: null, lastCopyAt: null },
      ],
    });
    expect(within(row('raid')).getByTestId('dest-state').textContent).toBe('Connected · 1.8 TB free · Last copy 2 h ago');
    expect(within(row('shuttle')).getByTestId('dest-state').textContent).toBe('Not connected now · Last copy on 2025-06-10');
    expect(within(row('shuttle')).getByTestId('dest-connection').getAttribute('data-connected')).toBe('false');
    expect(within(row('b2')).getByTestId('dest-state').textContent).toBe('No copy yet');
  });

  it("an older helper's list, without states, shows none", () => {
    renderView();
    expect(screen.queryAllByTestId('dest-state')).toEqual([]);
  });

  it('tests a row and shows its verdict', () => {
    const props = renderView({ verdicts: { raid: { state: 'ok' }, b2: { state: 'failed', error: 'access denied' } } });
    fireEvent.click(within(row('raid')).getByTestId('dest-test'));
    expect(props.onTest).toHaveBeenCalledWith('raid');
    expect(within(row('raid')).getByTestId('dest-verdict').textContent).toMatch(/^Works/);
    expect(within(row('b2')).getByTestId('dest-verdict').textContent).toBe('Does not work: access denied');
  });

  it('a test in progress cannot be started again', () => {
    const props = renderView({ verdicts: { raid: { state: 'testing' } } });
    fireEvent.click(within(row('raid')).getByTestId('dest-test'));
    expect(props.onTest).not.toHaveBeenCalled();
    expect(within(row('raid')).getByTestId('dest-verdict').textContent).toBe('Testing…');
  });

  it('removes a destination on the second click only', () => {
    const props = renderView();
    fireEvent.click(within(row('b2')).getByTestId('dest-remove'));
    expect(props.onRemove).not.toHaveBeenCalled();
    fireEvent.click(within(row('b2')).getByTestId('dest-remove-confirm'));
    expect(props.onRemove).toHaveBeenCalledWith('b2');
  });

  it('adds a folder with the form, and clears it once added', async () => {
    const props = renderView();
    typeInto('dest-name', 'shuttle');
    typeInto('dest-where', '/Volumes/Shuttle');
    typeInto('dest-media', 'ssd');
    expect(screen.queryByTestId('dest-endpoint')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByTestId('dest-add'));
    });
    expect(props.onAdd).toHaveBeenCalledWith<[DestinationForm]>({ ...EMPTY_DESTINATION_FORM, name: 'shuttle', where: '/Volumes/Shuttle', media: 'ssd' });
    expect([field('dest-name').value, field('dest-where').value, field('dest-media').value]).toEqual(['', '', '']);
  });

  it('keeps the form when the helper refuses, and shows why', async () => {
    const onAdd = jest.fn(async () => false);
    renderView({ onAdd, error: '/nope cannot be used: no such file or directory' });
    typeInto('dest-name', 'x');
    await act(async () => {
      fireEvent.click(screen.getByTestId('dest-add'));
    });
    expect(field('dest-name').value).toBe('x');
    expect(screen.getByTestId('dest-error').textContent).toBe('/nope cannot be used: no such file or directory');
  });

  it('an S3 place asks for an endpoint, and is offsite unless unticked', async () => {
    const props = renderView();
    typeInto('dest-name', 'nas');
    typeInto('dest-where', 's3://bucket/prefix');
    expect(screen.getByTestId('dest-offsite').hasAttribute('checked')).toBe(true);
    typeInto('dest-endpoint', 'http://nas.local:9000');
    const offsite = screen.getByTestId('dest-offsite') as HTMLElement & { checked: boolean };
    offsite.checked = false;
    fireEvent(offsite, new Event('change'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('dest-add'));
    });
    expect(props.onAdd).toHaveBeenCalledWith({
      ...EMPTY_DESTINATION_FORM,
      name: 'nas',
      where: 's3://bucket/prefix',
      endpoint: 'http://nas.local:9000',
      offsite: false,
    });
  });

  it("a provider's picker: its regions, the endpoint they give, its storage classes; the secret is masked", async () => {
    const props = renderView();
    typeInto('dest-name', 'b2');
    expect(screen.queryByTestId('dest-s3-fields')).toBeNull();
    typeInto('dest-where', 's3://bucket/tf');
    const choose = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
    const options = (testId: string) => [...(screen.getByTestId(testId) as HTMLSelectElement).options].map((o) => o.value);
    choose('dest-provider', 'b2');
    expect(options('dest-region')).toEqual(['', 'us-west-000', 'us-west-001', 'us-west-002', 'us-west-004', 'us-east-005', 'eu-central-003']);
    expect(screen.queryByTestId('dest-endpoint')).toBeNull();
    expect(screen.getByTestId('dest-preset-endpoint').textContent).toBe('Endpoint: https://s3.us-west-004.backblazeb2.com');
    choose('dest-region', 'eu-central-003');
    expect(screen.getByTestId('dest-preset-endpoint').textContent).toBe('Endpoint: https://s3.eu-central-003.backblazeb2.com');
    expect(options('dest-storage-class')).toEqual(['']);
    choose('dest-provider', 'aws');
    expect(options('dest-storage-class')).toEqual(['', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE']);
    choose('dest-storage-class', 'DEEP_ARCHIVE');
    typeInto('dest-access-key-id', 'AKIAEXAMPLE');
    expect(field('dest-secret').type).toBe('password');
    typeInto('dest-secret', 'fake-secret-123');
    expect(screen.queryByTestId('dest-kms-key')).toBeNull();
    choose('dest-sse', 'aws:kms');
    typeInto('dest-kms-key', 'alias/backups');
    await act(async () => {
      fireEvent.click(screen.getByTestId('dest-add'));
    });
    expect(props.onAdd).toHaveBeenCalledWith({
      ...EMPTY_DESTINATION_FORM,
      name: 'b2',
      where: 's3://bucket/tf',
      provider: 'aws',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'fake-secret-123',
      sse: 'aws:kms',
      kmsKeyId: 'alias/backups',
      storageClass: 'DEEP_ARCHIVE',
    });
    // Added: the form, the secret with it, is cleared.
    expect(field('dest-where').value).toBe('');
    expect(screen.queryByTestId('dest-secret')).toBeNull();
  });

  it("shows where a bucket's keys live, its encryption and class, as the helper says them", () => {
    renderView({ destinations: [{ ...b2, detail: 'at https://s3.us-west-004.backblazeb2.com (keys in the keychain; server-side encryption AES256)' }] });
    expect(within(row('b2')).getByTestId('dest-detail').textContent).toBe(
      'at https://s3.us-west-004.backblazeb2.com (keys in the keychain; server-side encryption AES256)',
    );
  });

  it('while adding, the button says so and does nothing', () => {
    const props = renderView({ adding: true });
    fireEvent.click(screen.getByTestId('dest-add'));
    expect(props.onAdd).not.toHaveBeenCalled();
    expect(screen.getByTestId('dest-add').textContent).toBe('Checking…');
  });

  it('loading, empty, and done', () => {
    const props = renderView({ destinations: null });
    expect(screen.getByTestId('destinations').textContent).toContain('Loading…');
    fireEvent.click(screen.getByTestId('destinations-done'));
    expect(props.onDone).toHaveBeenCalledTimes(1);
  });
});
