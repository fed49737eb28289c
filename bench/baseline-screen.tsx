// The baseline screen (baseline-block.tsx) on its own, in the terminal, with the
// console's render options and frame writer.
//
// usage: node baseline-screen.js COUNT
import {render} from 'ink';
import {FrameWriter} from '../source/ui/frame-writer.js';
import {inkRenderOptions} from '../source/ui/ink-options.js';
import {BaselineScreen} from './baseline-block.js';

const count = Number(process.argv[2] ?? 10_000);
const esc = '\u001B[';
const {stdout} = process;
stdout.write(`${esc}?1049h${esc}H${esc}?25l`);
const frames = new FrameWriter(stdout);
const instance = render(<BaselineScreen count={count} />, {...inkRenderOptions, stdout: frames as unknown as NodeJS.WriteStream});
await instance.waitUntilExit();
frames.detach();
stdout.write(`${esc}?25h${esc}?1049l`);
