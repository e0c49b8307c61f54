import type { NModuleName } from './context';
import { unsupported } from './errors';
import type { Invocation } from './governance';
import type { NetSuiteEmulator } from './emulator';

/**
 * Jest bridge: `jest.config.js` maps each `N/…` id (customStubs) to a file in emulator/jest/ that
 * forwards to the emulator a test activated with `useEmulator`. Code under test then runs against a
 * real account instead of Oracle's empty stubs.
 */
let active: NetSuiteEmulator | null = null;
let current: { modules: Record<NModuleName, unknown>; invocation: Invocation } | null = null;

export function useEmulator(emulator: NetSuiteEmulator | null): void {
  active = emulator;
  current = null;
}

/** Starts a fresh governance meter for code called directly from the test; returns it. */
export function newTestInvocation(limit?: number): Invocation {
  if (!active) throw unsupported('N/ modules in Jest before useEmulator(emulator)');
  current = active.testModules(limit);
  return current.invocation;
}

function modules(): Record<NModuleName, unknown> {
  if (!current) newTestInvocation();
  return (current as NonNullable<typeof current>).modules;
}

/** A stand-in object whose members are read from the active emulator's module at call time. */
export function stubFor(name: NModuleName): object {
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (property === '__esModule') return false;
        const module = modules()[name] as Record<string | symbol, unknown>;
        return module[property];
      },
      has(_target, property) {
        return property in (modules()[name] as object);
      },
    },
  );
}
