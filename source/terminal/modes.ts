// The terminal modes the console turns on, and the sequences that undo them.
// Every way out (quit, Ctrl-C, a signal, a crash, a refused store, suspending
// with Ctrl-Z, handing the terminal to $EDITOR) writes `leaveConsole`, so the
// shell or the editor gets the terminal back as it was.

/** The alternate screen (what was on the terminal comes back on leaving). */
const alternateScreenOn = '\u001B[?1049h';
const alternateScreenOff = '\u001B[?1049l';
const hideCursor = '\u001B[?25l';
const showCursor = '\u001B[?25h';
/**
 * No autowrap (DECAWM): a line wider than the terminal is cut at the edge.
 * Right after a resize Ink draws one frame laid out for the old width; wrapped,
 * its lines would push the screen up and leave it out of step with the frame writer.
 */
const autowrapOff = '\u001B[?7l';
const autowrapOn = '\u001B[?7h';
/**
 * Bracketed paste: the terminal sends a paste between ESC[200~ and ESC[201~, so
 * it can be told from keys typed fast (terminal-input.ts).
 */
export const bracketedPasteOn = '\u001B[?2004h';
export const bracketedPasteOff = '\u001B[?2004l';

export const enterConsole = `${alternateScreenOn}\u001B[H${hideCursor}${autowrapOff}${bracketedPasteOn}`;
export const leaveConsole = `${bracketedPasteOff}${autowrapOn}${showCursor}${alternateScreenOff}`;
