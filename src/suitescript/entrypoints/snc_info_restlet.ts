/**
 * @NApiVersion 2.1
 * @NScriptType Restlet
 * @NModuleScope SameAccount
 */

import type { EntryPoints } from 'N/types';
import { connectorInfo } from '../connector';

// A string answer is valid whatever Content-Type the caller sent.
export const get: EntryPoints.RESTlet.get = () => JSON.stringify(connectorInfo());
