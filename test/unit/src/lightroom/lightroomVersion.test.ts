import { describeLightroomVersion } from '../../../../src/projects/lightroom/lightroomVersion';

describe('describeLightroomVersion', () => {
  it.each([
    ['1100000', '1100000 (Lightroom Classic 11)'],
    ['0700003', '0700003 (Lightroom Classic 7)'],
    ['1400002', '1400002 (Lightroom Classic 14)'],
    ['0600008', '0600008 (Lightroom 6)'],
    ['0300025', '0300025 (Lightroom 3)'],
    // The value stored as an integer loses its leading zero.
    ['700003', '700003 (Lightroom Classic 7)'],
    [' 1100000 ', '1100000 (Lightroom Classic 11)'],
  ])('%p → %p', (raw, described) => {
    expect(describeLightroomVersion(raw)).toBe(described);
  });

  it.each(['0200000', '12345', '11.0', 'v11', '', '110000000'])('keeps an unknown form as it is: %p', (raw) => {
    expect(describeLightroomVersion(raw)).toBe(raw);
  });
});
