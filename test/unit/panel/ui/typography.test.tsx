/** @jest-environment jsdom */
// Spectrum's sp-detail renders in capitals (its Detail style): a path, an error or a time shown through it
// would read wrong ("/VOLUMES/RAID", "S3://"). It is kept for short fixed labels; this renders every view
// with such text and reads what each sp-detail holds.
import { fireEvent, render, screen } from '@testing-library/react';
import { mergeStatuses, NO_STATUSES } from '../../../../panel/model/assetStatuses';
import { clipRows } from '../../../../panel/model/clipRows';
import { DestinationsView } from '../../../../panel/ui/views/DestinationsView';
import { HelperOfflineView } from '../../../../panel/ui/views/HelperOfflineView';
import { MainView } from '../../../../panel/ui/views/MainView';
import { clip, job, status } from '../model/fixtures';

/** The only texts sp-detail may show: fixed labels, never data. */
const LABELS = ['Project file'];

const detailTexts = (root: ParentNode): string[] => [...root.querySelectorAll('sp-detail')].map((e) => (e.textContent ?? '').trim());

describe('sp-detail holds only fixed labels', () => {
  it('the main view: clip details, copies and their times, a job with failures, a warning', () => {
    const rows = clipRows(
      [clip('a', '/Volumes/Media/A001.mov', { name: 'A001', proxyPath: '/Volumes/Media/A001_Proxy.mp4', offline: true })],
      mergeStatuses(NO_STATUSES, [
        status('/Volumes/Media/A001.mov', 'partial', {
          problem: 'could not read /Volumes/Media',
          locations: [{ destination: 'raid', location: '/Volumes/RAID/A001.mov', verifiedAt: '2025-06-15T11:55:00Z' }],
        } as never),
        status('/Volumes/Media/A001_Proxy.mp4', 'protected', {
          locations: [{ destination: 'raid', location: '/Volumes/RAID/p.mp4', verifiedAt: '2025-06-15T11:55:00Z' }],
        }),
      ]),
    );
    const failed = job({
      state: 'failed',
      progress: {
        filesDone: 0,
        filesTotal: 1,
        bytesDone: 0,
        bytesTotal: 10,
        rate: 0,
        etaSeconds: null,
        destinations: [{ name: 'raid', filesDone: 0, filesFailed: 1, filesTotal: 1, bytesDone: 0, bytesTotal: 10, rate: 0, etaSeconds: null }],
      },
      result: {
        files: 0,
        bytes: 0,
        seconds: 1,
        upToDate: 0,
        failed: [{ path: '/Volumes/Media/A001.mov', destination: 'raid', error: 'disk full at /Volumes/RAID' }],
      },
    });
    const { container } = render(
      <MainView
        projectName="Documentary"
        rows={rows}
        projectFile={status('/p/Doc.prproj', 'protected')}
        loadCopies={async () => []}
        copyActions={{ onVerify: () => undefined, reveal: async () => undefined, copyText: async () => undefined }}
        hostSelection={[]}
        loading={false}
        statusError={null}
        warning="the 3-2-1 column could not be written: /x"
        job={failed}
        protectError={null}
        canProtect
        canRetry
        now={new Date('2025-06-15T12:00:00Z')}
        onProtect={() => undefined}
        onCancel={() => undefined}
        onRetryFailures={() => undefined}
        onDismissJob={() => undefined}
        onOpenDestinations={() => undefined}
        onOpenSettings={() => undefined}
      />,
    );
    fireEvent.click(screen.getAllByTestId('clip-row')[0]!);
    expect(container.textContent).toContain('/Volumes/RAID/A001.mov');
    expect(container.textContent).toContain('disk full at /Volumes/RAID');
    expect(detailTexts(container)).toEqual(LABELS);
  });

  it('the destinations view and the offline view', () => {
    const { container } = render(
      <>
        <DestinationsView
          destinations={[{ name: 'b2', kind: 's3', where: 's3://bucket/tf', media: 'cloud', offsite: true }]}
          verdicts={{ b2: { state: 'failed', error: 'access denied to s3://bucket/tf' } }}
          error={null}
          adding={false}
          onAdd={async () => true}
          onTest={() => undefined}
          onRemove={() => undefined}
          onDone={() => undefined}
        />
        <HelperOfflineView helperUrl="ws://127.0.0.1:7737" reason="connection refused" retrySeconds={5} onRetry={() => undefined} />
      </>,
    );
    expect(container.textContent).toContain('s3://bucket/tf');
    expect(detailTexts(container)).toEqual([]);
  });
});
