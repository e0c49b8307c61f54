// Jest customStub for N/crypto: forwards to the emulator activated with useEmulator().
import { stubFor } from '../src/jest-bridge';
export = stubFor('N/crypto');
