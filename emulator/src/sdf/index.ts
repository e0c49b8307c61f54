export * from './types';
export { loadSdfProject, FIELD_TYPES, STANDARD_SELECT_TYPES, IGNORED_OBJECT_TYPES } from './project';
export { occurrences } from './recurrence';
export { sdfError } from './reader';
