// Jest customStub for N/search: forwards to the emulator activated with useEmulator().
import { stubFor } from '../src/jest-bridge';
export = stubFor('N/search');
