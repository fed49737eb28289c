// Work that a scheduler can run in slices: a generator that yields now and
// then (every few thousand items), so the caller can stop when its time is up
// and go on later, or drop the work when it is no longer wanted. Nothing here
// knows about time; `runSlice` takes a deadline check.

/** A piece of work that yields between steps and returns its result. */
export type SlicedTask<T> = Generator<void, T, void>;

/** Runs a task to its end at once (small inputs, tests, fallbacks). */
export function runToEnd<T>(task: SlicedTask<T>): T {
	for (;;) {
		const step = task.next();
		if (step.done) {
			return step.value;
		}
	}
}

/**
 * Runs `task` until it ends or `stop()` says the slice is over (checked at
 * each yield). Returns the result when it ended.
 */
export function runSlice<T>(task: SlicedTask<T>, stop: () => boolean): {done: true; value: T} | {done: false} {
	for (;;) {
		const step = task.next();
		if (step.done) {
			return {done: true, value: step.value};
		}

		if (stop()) {
			return {done: false};
		}
	}
}

/** Elements sorted at once before merging: a native sort of this many takes about a millisecond. */
const runLength = 2048;
/** Elements merged between yields. */
const mergeStep = 4096;
/** Elements a sliced copy or reversal of a typed array handles between yields. */
const copyStep = 65_536;

/**
 * A stable sort that yields between steps: runs of `runLength` are sorted
 * natively, then merged pairwise. The same comparisons as one sort, in slices.
 * `items` is used as a buffer (its order is lost); the result is returned.
 * `cost` is how many cheap comparisons one of `compare` is worth (a collator's
 * is worth about ten): runs and merge steps shrink by as much.
 */
export function * sortSliced<T>(items: T[], compare: (a: T, b: T) => number, cost = 1): SlicedTask<T[]> {
	const count = items.length;
	const run = Math.max(16, Math.floor(runLength / cost));
	const stepEvery = Math.max(64, Math.floor(mergeStep / cost));
	let from = items;
	if (count <= run) {
		return from.sort(compare);
	}

	for (let start = 0; start < count; start += run) {
		const sortedRun = from.slice(start, start + run).sort(compare);
		for (let index = 0; index < sortedRun.length; index++) {
			from[start + index] = sortedRun[index]!;
		}

		yield;
	}

	// Holey, allocated at once: Array.from({length}) walks a million indexes in one slice.
	let to: T[] = new Array<T>(count);
	let steps = 0;
	for (let width = run; width < count; width *= 2) {
		for (let start = 0; start < count; start += 2 * width) {
			const middle = Math.min(start + width, count);
			const end = Math.min(start + 2 * width, count);
			let left = start;
			let right = middle;
			let out = start;
			while (left < middle && right < end) {
				// `<= 0` keeps equal elements in their order: stable.
				to[out++] = compare(from[left]!, from[right]!) <= 0 ? from[left++]! : from[right++]!;
				if (++steps === stepEvery) {
					steps = 0;
					yield;
				}
			}

			while (left < middle) {
				to[out++] = from[left++]!;
			}

			while (right < end) {
				to[out++] = from[right++]!;
			}
		}

		[from, to] = [to, from];
		yield;
	}

	return from;
}

/**
 * The merge passes of a sort of typed-array runs: `from` holds sorted runs
 * of `run` elements, merged pairwise through `to` until one is left, in
 * slices of `stepEvery` comparisons (`before(a, b)`: a may stay before b,
 * which keeps equal elements in order). Returns whichever array holds the
 * result.
 */
function * mergeRuns<T extends Int32Array | Float64Array>(from: T, to: T, run: number, before: (a: number, b: number) => boolean, stepEvery: number): SlicedTask<T> {
	const count = from.length;
	let steps = 0;
	for (let width = run; width < count; width *= 2) {
		for (let start = 0; start < count; start += 2 * width) {
			const middle = Math.min(start + width, count);
			const end = Math.min(start + (2 * width), count);
			let left = start;
			let right = middle;
			let out = start;
			while (left < middle && right < end) {
				to[out++] = before(from[left]!, from[right]!) ? from[left++]! : from[right++]!;
				if (++steps === stepEvery) {
					steps = 0;
					yield;
				}
			}

			to.set(from.subarray(left, middle), out);
			out += middle - left;
			to.set(from.subarray(right, end), out);
		}

		[from, to] = [to, from];
		yield;
	}

	return from;
}

/**
 * `sortSliced` for indexes (positions, entry numbers), sorted in place in an
 * Int32Array: the same stable order, with no JS array of a million elements
 * for the collector to allocate in its old generation and mark. With JS
 * arrays, a sort by user_id at a million users made three of them (32 MB)
 * and a mark-compact finished marking in one 236 ms pause inside it
 * (`--trace-gc`, 2026-12-07). Here the runs are sorted natively in their
 * subarray and merged through one scratch Int32Array; the result is copied
 * back in slices when it ends in the scratch.
 */
export function * sortIndexesSliced(indexes: Int32Array, compare: (a: number, b: number) => number, cost = 1): SlicedTask<Int32Array> {
	const count = indexes.length;
	const run = Math.max(16, Math.floor(runLength / cost));
	const stepEvery = Math.max(64, Math.floor(mergeStep / cost));
	if (count <= run) {
		return indexes.sort(compare);
	}

	for (let start = 0; start < count; start += run) {
		indexes.subarray(start, start + run).sort(compare);
		yield;
	}

	const sorted = yield * mergeRuns(indexes, new Int32Array(count), run, (a, b) => compare(a, b) <= 0, stepEvery);
	if (sorted !== indexes) {
		for (let start = 0; start < count; start += copyStep) {
			indexes.set(sorted.subarray(start, start + copyStep), start);
			if (start + copyStep < count) {
				yield;
			}
		}
	}

	return indexes;
}

/** Ranges of at most this many texts are sorted by insertion. */
const radixSmall = 16;
/** Texts looked at between yields while splitting by code unit. */
const radixStep = 16_384;
/** Code units read from a text at a time, packed into one number: (unit + 1) per digit in base 65,537, 0 past the end. */
const radixUnits = 3;
const radixBase = 65_537;

/** Code units `depth` … `depth + 2` of `text`, packed (a text that ended sorts first). */
function packedUnits(text: string, depth: number): number {
	let packed = 0;
	for (let unit = depth; unit < depth + radixUnits; unit++) {
		packed = (packed * radixBase) + (unit < text.length ? text.charCodeAt(unit) + 1 : 0);
	}

	return packed;
}

/** The digit of `packed` (from packedUnits) for the unit at `depth`. */
function digitOf(packed: number, depth: number): number {
	switch (depth % radixUnits) {
		case 0: {
			return Math.floor(packed / (radixBase * radixBase));
		}

		case 1: {
			return Math.floor(packed / radixBase) % radixBase;
		}

		default: {
			return packed % radixBase;
		}
	}
}

/** Sorts `indexes[start … end)` by their packed units, then by `compare`; stable. `packed` moves with them. */
function insertionSort(indexes: Int32Array, packed: Float64Array, start: number, end: number, compare: (a: number, b: number) => number): void {
	for (let slot = start + 1; slot < end; slot++) {
		const index = indexes[slot]!;
		const units = packed[slot]!;
		let to = slot;
		while (to > start && (packed[to - 1]! > units || (packed[to - 1] === units && compare(indexes[to - 1]!, index) > 0))) {
			indexes[to] = indexes[to - 1]!;
			packed[to] = packed[to - 1]!;
			to--;
		}

		indexes[to] = index;
		packed[to] = units;
	}
}

/**
 * `sortIndexesSliced` by code unit (JavaScript's `<` on strings), for
 * `indexes` into `texts`, as a most-significant-digit radix sort: a range of
 * indexes is split by the UTF-16 code unit its texts have at the range's
 * depth (a counting sort, stable; a text that has ended goes first), and each
 * part with more than one text is split at the next depth, until parts are
 * small enough to sort by insertion.
 *
 * Texts are read three code units at a time into an array that moves with
 * the indexes: a million texts in random order cost about 100 ms a pass in
 * cache misses here, reading them sequentially 10 ms. A million user ids
 * sorted this way took 0.8 s where the merge sort's twenty million string
 * comparisons took 4.8 s (2026-12-07, the demo's 1M store). A range whose
 * code units are spread much wider than it is long (texts of scattered
 * scripts) is merge sorted instead, so no count table is ever much larger
 * than the texts it counts. Sorted in place, stable; `indexes` is returned.
 */
export function * sortByCodeUnitsSliced(indexes: Int32Array, texts: readonly string[]): SlicedTask<Int32Array> {
	const compare = (a: number, b: number) => {
		const left = texts[a]!;
		const right = texts[b]!;
		return left < right ? -1 : (left > right ? 1 : 0);
	};

	const count = indexes.length;
	// Per slot: the packed units of its text that hold the range's depth, and that depth's digit.
	const packed = new Float64Array(count);
	const packedScratch = new Float64Array(count);
	const digits = new Int32Array(count);
	const scratch = new Int32Array(count);
	// Ranges left to split, as triples: start, end, depth.
	const ranges: number[] = [0, count, 0];
	let work = 0;
	while (ranges.length > 0) {
		const depth = ranges.pop()!;
		const end = ranges.pop()!;
		const start = ranges.pop()!;
		const length = end - start;
		if (length <= radixSmall) {
			insertionSort(indexes, packed, start, end, compare);
			work += length * 4;
			if (work >= radixStep) {
				work = 0;
				yield;
			}

			continue;
		}

		const fresh = depth % radixUnits === 0;
		let low = radixBase;
		let high = -1;
		for (let slot = start; slot < end; slot++) {
			if (fresh) {
				packed[slot] = packedUnits(texts[indexes[slot]!]!, depth);
			}

			const digit = digitOf(packed[slot]!, depth);
			digits[slot] = digit;
			if (digit < low) {
				low = digit;
			}

			if (digit > high) {
				high = digit;
			}

			if (++work === radixStep) {
				work = 0;
				yield;
			}
		}

		if (low === high) {
			// One code unit for all (a shared prefix), or every text ended: equal texts stay in order.
			if (low !== 0) {
				ranges.push(start, end, depth + 1);
			}

			continue;
		}

		if (high - low > length * 4) {
			// Sparse: a count table this wide would cost more than the texts in it.
			// (The packed units of these slots are not read again.)
			yield * sortIndexesSliced(indexes.subarray(start, end), compare);
			continue;
		}

		// ends[digit - low]: where that digit's part ends, once the counts are summed.
		const ends = new Int32Array(high - low + 1);
		for (let slot = start; slot < end; slot++) {
			const bucket = digits[slot]! - low;
			ends[bucket] = ends[bucket]! + 1;
		}

		for (let bucket = 1; bucket < ends.length; bucket++) {
			ends[bucket] = ends[bucket]! + ends[bucket - 1]!;
		}

		const next = new Int32Array(ends.length);
		next.set(ends.subarray(0, -1), 1);
		for (let slot = start; slot < end; slot++) {
			const bucket = digits[slot]! - low;
			const to = start + next[bucket]!;
			next[bucket] = next[bucket]! + 1;
			scratch[to] = indexes[slot]!;
			packedScratch[to] = packed[slot]!;
			if (++work === radixStep) {
				work = 0;
				yield;
			}
		}

		indexes.set(scratch.subarray(start, end), start);
		packed.set(packedScratch.subarray(start, end), start);
		for (let bucket = 0; bucket < ends.length; bucket++) {
			const partStart = start + (bucket === 0 ? 0 : ends[bucket - 1]!);
			const partEnd = start + ends[bucket]!;
			// Texts that ended here are equal: nothing to split.
			if (partEnd - partStart > 1 && bucket + low !== 0) {
				ranges.push(partStart, partEnd, depth + 1);
			}
		}
	}

	return indexes;
}

/**
 * A zeroed Int32Array whose pages are all written once, in slices: for an
 * array about to be written in random order (a counting sort's output, a
 * position's place), whose first writes would otherwise map every page of
 * it in one slice (about 10 µs a page here: 10 ms for 4 MB).
 */
export function * touchedInt32Array(length: number): SlicedTask<Int32Array> {
	const array = new Int32Array(length);
	// A small array is written in no time: nothing to yield for (a list of a few users sorts in one slice).
	for (let start = copyStep; start < length; start += copyStep) {
		array.fill(0, start - copyStep, start);
		yield;
	}

	return array;
}

/**
 * A copy of `values`, made in slices. A fresh array's pages are first
 * touched by the copy, and on these machines that costs about 2.5 ms per
 * megabyte: `slice()` of a million numbers held a slice for 27 ms.
 */
export function copySliced(values: Float64Array): SlicedTask<Float64Array>;
export function copySliced(values: Int32Array): SlicedTask<Int32Array>;
export function * copySliced(values: Float64Array | Int32Array): SlicedTask<Float64Array | Int32Array> {
	const copy = values instanceof Float64Array ? new Float64Array(values.length) : new Int32Array(values.length);
	for (let start = 0; start < values.length; start += copyStep) {
		copy.set(values.subarray(start, start + copyStep), start);
		// No yield after the last piece: a small copy takes no slice of its own.
		if (start + copyStep < values.length) {
			yield;
		}
	}

	return copy;
}

/** `values.reverse()` in slices (in place; the same array is returned). */
export function * reverseSliced(values: Int32Array): SlicedTask<Int32Array> {
	for (let low = 0, high = values.length - 1; low < high; low++, high--) {
		const value = values[low]!;
		values[low] = values[high]!;
		values[high] = value;
		if (low % copyStep === copyStep - 1) {
			yield;
		}
	}

	return values;
}

/** Numbers per native sort of a run: a millisecond's work. */
const numberRun = 16_384;

/**
 * Spare arrays (see borrowFloat64): two at most, of the length last given
 * back. One length at a time: the users' count changes with every user
 * created or deleted, and arrays of old lengths would stay for nothing.
 */
let spares: Float64Array[] = [];
/** Below this length an array costs too little to keep. */
const spareFrom = 65_536;

/**
 * A Float64Array of `length` to write over (its contents are whatever the
 * last user left), from those given back, or new. A sort of a million
 * numbers needed three of 8 MB, and memory allocated outside the heap
 * counts towards V8's next full collection, whose pause then fell inside a
 * sort's slice (85 of 91 ms at a million users). A task that is dropped
 * never gives its arrays back, so an array is never in two tasks' hands.
 */
export function borrowFloat64(length: number): Float64Array {
	return (spares[0]?.length === length ? spares.pop() : undefined) ?? new Float64Array(length);
}

/** Gives back an array from borrowFloat64 (or any other) that nothing uses any more. */
export function giveBackFloat64(array: Float64Array): void {
	if (array.length < spareFrom || array.byteOffset !== 0 || array.length !== array.buffer.byteLength / 8) {
		return;
	}

	if (spares[0]?.length !== array.length) {
		spares = [array];
	} else if (spares.length < 2) {
		spares.push(array);
	}
}

/**
 * `sortSliced` for numbers: a sorted copy of `values` (NaN last, as a typed
 * array's sort puts it), in slices: runs sorted natively, then merged
 * pairwise. Sorting a million numbers at once, or as an array of boxed
 * numbers, held a slice 100–200 ms. The copy is borrowed (borrowFloat64):
 * give it back when done with it.
 */
export function * sortNumbersSliced(values: Float64Array): SlicedTask<Float64Array> {
	const from = borrowFloat64(values.length);
	for (let start = 0; start < values.length; start += copyStep) {
		from.set(values.subarray(start, start + copyStep), start);
		yield;
	}

	for (let start = 0; start < from.length; start += numberRun) {
		from.subarray(start, start + numberRun).sort();
		yield;
	}

	// Typed-array order: NaN after every number.
	const scratch = borrowFloat64(from.length);
	const sorted = yield * mergeRuns(from, scratch, numberRun, (a, b) => a <= b || Number.isNaN(b), mergeStep * 4);
	giveBackFloat64(sorted === from ? scratch : from);
	return sorted;
}
