// What the console needs once the store is open: the app and the ports to the
// clipboard, the browser and the editor. run.tsx loads this while the loading
// screen is already up, so the first frame waits only for Ink and React.
export {App} from './app.js';
export {createDeck, DeckProvider} from './app-context.js';
export {editInExternalEditor} from './external-editor.js';
export {copyToClipboard} from '../terminal/clipboard.js';
export {openInBrowser} from '../terminal/browser.js';
