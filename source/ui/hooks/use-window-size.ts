// The terminal's size, following resizes. ink-testing-library's fake stdout has
// 100 columns and no rows, so rows fall back to 24 there.
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export type WindowSize = {columns: number; rows: number};

export const fallbackSize: WindowSize = {columns: 100, rows: 24};

function read(stdout: NodeJS.WriteStream): WindowSize {
	return {
		columns: Math.max(20, stdout.columns || fallbackSize.columns),
		rows: Math.max(8, stdout.rows || fallbackSize.rows),
	};
}

export function useWindowSize(): WindowSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => read(stdout));
	useEffect(() => {
		const onResize = () => {
			setSize(previous => {
				const next = read(stdout);
				return next.columns === previous.columns && next.rows === previous.rows ? previous : next;
			});
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
