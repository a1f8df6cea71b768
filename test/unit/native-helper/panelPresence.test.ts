import { MAX_MISSED_JOBS, PanelPresence } from '../../../native-helper/service/panelPresence';
import { panelJobMessage } from '../../../src/notify/panelJobMessage';
import { job } from '../panel/model/fixtures';

function connectedClient(presence: PanelPresence): object {
  const client = {};
  presence.connected(client);
  return client;
}

const done = (id: number) => job({ id, state: 'succeeded', finishedAt: '2025-01-01T10:05:00.000Z' });

describe('PanelPresence', () => {
  it('keeps a panel’s job that ends while no panel is shown, and gives it once to the next panel shown', () => {
    const presence = new PanelPresence();
    const panel = connectedClient(presence);
    presence.visibility(panel, false);
    presence.started(panel, 1);
    expect(presence.finished(done(1))).toEqual({ offline: [] });
    const other = connectedClient(presence);
    expect(presence.visibility(other, true).map((j) => j.id)).toEqual([1]);
    expect(presence.visibility(panel, true)).toEqual([]);
  });

  it('does not keep a job while a panel is shown, nor one a client that is no panel started', () => {
    const presence = new PanelPresence();
    const panel = connectedClient(presence);
    const script = connectedClient(presence);
    presence.visibility(panel, true);
    presence.started(panel, 1);
    presence.started(script, 2);
    expect(presence.finished(done(1))).toBeNull();
    presence.visibility(panel, false);
    expect(presence.finished(done(2))).toBeNull();
    expect(presence.visibility(panel, true)).toEqual([]);
  });

  it('counts a closed panel as not shown, and its jobs as a panel’s', () => {
    const presence = new PanelPresence();
    const panel = connectedClient(presence);
    presence.visibility(panel, true);
    presence.started(panel, 3, ['/m/B002.mov']);
    presence.gone(panel);
    expect(presence.shown).toBe(false);
    expect(presence.finished(done(3))).toEqual({ offline: ['/m/B002.mov'] });
  });

  it('refuses a client that is no lasting connection (an HTTP request)', () => {
    const presence = new PanelPresence();
    expect(() => presence.visibility({}, true)).toThrow('only a panel connected over a WebSocket can say it is shown or hidden');
    expect(presence.shown).toBe(false);
  });

  it('keeps the newest jobs only', () => {
    const presence = new PanelPresence();
    const panel = connectedClient(presence);
    presence.visibility(panel, false);
    for (let id = 1; id <= MAX_MISSED_JOBS + 5; id++) {
      presence.started(panel, id);
      presence.finished(done(id));
    }
    const missed = presence.visibility(panel, true).map((j) => j.id);
    expect(missed).toHaveLength(MAX_MISSED_JOBS);
    expect(missed[0]).toBe(6);
  });
});

describe('panelJobMessage', () => {
  it('says what ended, how, and where to look', () => {
    const failed = job({
      state: 'failed',
      title: 'Ferry',
      result: { files: 12, bytes: 1, seconds: 1, upToDate: 0, failed: [{ path: '/a', destination: 'raid', error: 'x' }] },
    });
    expect(panelJobMessage(failed)).toEqual({
      event: 'panel.job',
      title: 'Threefold: Protect failed: Ferry',
      lines: ['12 files, 1 failure', 'Open the Threefold panel to see the result.'],
      count: 1,
    });
    const offline = job({
      state: 'failed',
      title: 'Ferry',
      result: { files: 0, bytes: 0, seconds: 1, upToDate: 5, failed: [{ path: '/m/B002.mov', destination: null, error: 'not there' }] },
    });
    expect(panelJobMessage(offline, ['/m/B002.mov'])).toMatchObject({
      title: 'Threefold: Protect done: Ferry',
      lines: ['0 files, 1 clip offline, not copied', 'Open the Threefold panel to see the result.'],
    });
    expect(panelJobMessage(offline).title).toBe('Threefold: Protect failed: Ferry');
    const refused = panelJobMessage(job({ kind: 'restore', state: 'failed', error: 'No copy left' }));
    expect(refused.title).toBe('Threefold: Restore failed: Feature');
    expect(refused.lines[0]).toBe('No copy left');
  });
});
