// How the console asks Ink to render, shared with `npm run bench` so the
// benchmark measures the settings that ship. 60 fps instead of Ink's default
// 30: under key repeat, 30 gave a p95 key-to-frame of 52–57 ms, 60 gave 22–28.
export const inkRenderOptions = {exitOnCtrlC: false, patchConsole: false, maxFps: 60} as const;
