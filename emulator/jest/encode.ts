// Jest customStub for N/encode: forwards to the emulator activated with useEmulator().
import { stubFor } from '../src/jest-bridge';
export = stubFor('N/encode');
