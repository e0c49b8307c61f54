export { AmdLoader, ScriptRealm, type CompiledFile, type RealmOptions } from './amd';
export { readHeader, type ScriptHeader } from './header';
export { suiteScriptUtil } from './globals';
