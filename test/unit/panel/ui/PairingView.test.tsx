/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { HELPER_INSTALL_STEPS, HELPER_OFFLINE_TEXT } from '../../../../panel/model/connectionState';
import { HelperOfflineView } from '../../../../panel/ui/views/HelperOfflineView';
import { PairingView } from '../../../../panel/ui/views/PairingView';

function typeInto(testId: string, value: string): void {
  fireEvent.input(screen.getByTestId(testId), { target: { value } });
}

describe('PairingView', () => {
  it('sends the code as typed, by the button or by Enter', () => {
    const onPair = jest.fn();
    render(<PairingView notice={null} error={null} busy={false} onPair={onPair} />);
    expect(screen.getByTestId('pairing')).toBeTruthy();
    typeInto('pairing-code', 'abcd-efgh');
    fireEvent.click(screen.getByTestId('pair-button'));
    expect(onPair).toHaveBeenLastCalledWith('abcd-efgh');
    typeInto('pairing-code', 'WXYZ-2345');
    fireEvent.keyDown(screen.getByTestId('pairing-code'), { key: 'Enter' });
    expect(onPair).toHaveBeenLastCalledWith('WXYZ-2345');
    expect(onPair).toHaveBeenCalledTimes(2);
  });

  it('shows the error and the notice; while pairing, the button is disabled and does nothing', () => {
    const onPair = jest.fn();
    render(<PairingView notice="pair again" error="this pairing code is wrong or expired" busy onPair={onPair} />);
    expect(screen.getByTestId('pairing-error').textContent).toBe('this pairing code is wrong or expired');
    expect(screen.getByText('pair again')).toBeTruthy();
    const button = screen.getByTestId('pair-button');
    expect(button.hasAttribute('disabled')).toBe(true);
    fireEvent.click(button);
    expect(onPair).not.toHaveBeenCalled();
  });

  it('has an empty error line when there is no error', () => {
    render(<PairingView notice={null} error={null} busy={false} onPair={() => undefined} />);
    expect(screen.getByTestId('pairing-error').textContent).toBe('');
    expect(screen.getByTestId('pair-button').hasAttribute('disabled')).toBe(false);
  });
});

describe('HelperOfflineView', () => {
  it('says how to start the helper, and retries on request', () => {
    const onRetry = jest.fn();
    render(<HelperOfflineView helperUrl="ws://127.0.0.1:7737" reason="connection refused" retrySeconds={3} onRetry={onRetry} />);
    const offline = screen.getByTestId('helper-offline');
    expect(offline.textContent).toContain(HELPER_OFFLINE_TEXT);
    expect(HELPER_OFFLINE_TEXT).toBe('Start Threefold helper: threefold helper');
    expect(offline.textContent).toContain('ws://127.0.0.1:7737');
    expect(offline.textContent).toContain('every 3 seconds (connection refused)');
    fireEvent.click(screen.getByTestId('retry-connection'));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('on a first run says, per platform, where to download the helper and how to start it, then that one code pairs', () => {
    render(<HelperOfflineView helperUrl="ws://127.0.0.1:7737" reason={null} retrySeconds={3} onRetry={() => undefined} />);
    const items = [...screen.getByTestId('helper-install-steps').querySelectorAll('li')];
    expect(items.map((li) => li.getAttribute('data-platform'))).toEqual(['macOS', 'Windows', 'Linux']);
    expect(HELPER_INSTALL_STEPS.map((s) => s.platform)).toEqual(['macOS', 'Windows', 'Linux']);
    for (const [i, file] of ['threefold-macos-arm64', 'threefold-windows-x64.exe', 'threefold-linux-x64'].entries()) {
      expect(items[i]!.textContent).toContain(file);
      expect(items[i]!.textContent).toMatch(/Download .* (double-click|run)/);
      // One sentence each.
      expect(HELPER_INSTALL_STEPS[i]!.sentence.replace(/\(.*?\)/g, '').match(/\. /g)).toBeNull();
    }
    expect(screen.getByTestId('helper-offline').textContent).toContain('shows a pairing code: this panel then asks for it, once');
  });
});
