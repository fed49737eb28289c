// The search language of the users list (FACTS.md §5).
export {compileNode, compileSearch, type UserPredicate} from './compile-search.js';
export {compileListSearch, type ProfileOf, queryReadsListFieldsOnly, unreadableProfile} from './list-fields.js';
export {parseSearch} from './parse-search.js';
export type {SearchNode} from './search-node.js';
export {searchFieldNames} from './search-fields.js';
export {formatSearchError, SearchSyntaxError} from './search-syntax-error.js';
