// The Users list engine: sorting and filtering the users in slices that never
// hold up typing, patched after writes, keeping the selection on its user.
// It knows nothing of Ink; the list screen is its one user. One file per job:
//   engine.ts     the engine (which users are current, the running task, the views)
//   view.ts       what a view is, for the screen
//   positions.ts  where each user is, by id
//   search.ts     the search index and compiled query of the current users
//   scan.ts       filtering: the scan in memory order, its rows in display order
//   orders.ts     finished orders, and the last one to patch into the next revision
//   results.ts    finished rows by sort and filter
//   patch.ts      the users array brought to a new revision by what changed
//   selection.ts  locating the selected user in a view
//   idle.ts       work for pauses in use (preparing the search text)
//   user-order.ts, user-filter.ts, collation-key.ts, sliced.ts: sorting, the
//                 search text, name keys and sliced tasks, as functions
export {createUserListEngine, type EngineOptions, type UserListEngine} from './engine.js';
export {
	type ChangedUsers, type FilterMode, indexOfUser, isFiltered, type ListFilter, noFilter, type Pending, queryOf, type Selection,
	stackedFilter, textOf, userAt, type UserListView,
} from './view.js';
