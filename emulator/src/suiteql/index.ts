export { ROW_VALUES, SuiteQLEngine, type SuiteQLEngineOptions, type SuiteQLResult } from './engine';
export { displayName, recordDisplayName } from './display';
export { SEARCH_ERROR } from './translate';
