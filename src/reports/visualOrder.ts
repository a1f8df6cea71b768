/** Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms: written right to left. */
const RTL = '\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF';
/** Each run of right-to-left letters, with the spaces and digits between its letters. */
const RTL_RUN = new RegExp(`[${RTL}](?:[${RTL}\\s\\d]*[${RTL}])?`, 'gu');
/** Marks that steer the bidirectional algorithm; they have no glyph. */
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * A line of left-to-right text (a path, a label) in the order its characters are drawn, for a renderer
 * that draws in the order given (pdfkit does no bidirectional reordering): each right-to-left run is
 * reversed, and the bidirectional marks, which have no glyph, are dropped. Text readers (pdftotext) put
 * such runs back in logical order.
 */
export function visualOrder(text: string): string {
  const plain = text.replace(BIDI_CONTROLS, '');
  return plain.replace(RTL_RUN, (run) => [...run].reverse().join(''));
}
