// Jest customStub for N/ui/serverWidget: forwards to the emulator activated with useEmulator().
import { stubFor } from '../../src/jest-bridge';
export = stubFor('N/ui/serverWidget');
