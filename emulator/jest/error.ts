// Jest customStub for N/error: forwards to the emulator activated with useEmulator().
import { stubFor } from '../src/jest-bridge';
export = stubFor('N/error');
