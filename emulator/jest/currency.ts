// Jest customStub for N/currency: forwards to the emulator activated with useEmulator().
import { stubFor } from '../src/jest-bridge';
export = stubFor('N/currency');
