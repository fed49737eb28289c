import {it} from 'vitest';
// @ts-ignore
import parseKeypress from '../../node_modules/ink/build/parse-keypress.js';
// @ts-ignore
import {createInputParser} from '../../node_modules/ink/build/input-parser.js';
import {hostileStrings} from '../terminal/hostile-corpus.js';
it('x', () => {
  const bad = new Set<string>();
  for (const s of hostileStrings) {
    const p = createInputParser();
    for (const ev of p.push(s)) {
      const k = parseKeypress(ev);
      if (k.ctrl && k.name === undefined) bad.add(JSON.stringify(ev).slice(0, 60) + ' in ' + JSON.stringify(s).slice(0,60));
    }
  }
  console.log([...bad].join('\n'));
});
