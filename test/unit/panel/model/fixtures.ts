// Small builders for the panel model tests: host clips and helper statuses as the real types have them.
import type { HostClip } from '../../../../panel/host/host';
import type { AssetStatusMessage, JobInfo } from '../../../../src/protocol/messages';

export function clip(id: string, mediaPath: string | null, extra: Partial<HostClip> = {}): HostClip {
  return { id, name: `Clip ${id}`, bin: [], mediaPath, proxyPath: null, offline: false, ...extra };
}

export function status(path: string, state: AssetStatusMessage['state'], extra: Partial<AssetStatusMessage> = {}): AssetStatusMessage {
  const protectedOne = state === 'protected';
  return {
    path,
    size: 1000,
    xxh64: 'abcd',
    state,
    label: protectedOne ? '3-2-1 ✓' : state,
    copies: protectedOne ? 3 : 1,
    media: ['ssd'],
    offsite: protectedOne ? 1 : 0,
    missing: protectedOne ? [] : ['copies', 'media', 'offsite'],
    locations: [],
    ...extra,
  };
}

export function job(extra: Partial<JobInfo> = {}): JobInfo {
  return {
    id: 7,
    kind: 'protect',
    state: 'running',
    title: 'Feature',
    createdAt: '2025-01-01T10:00:00.000Z',
    finishedAt: null,
    progress: null,
    result: null,
    error: null,
    ...extra,
  };
}
