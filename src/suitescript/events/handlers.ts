import type { HandlerRegistry } from './processor';

/**
 * The booking flows, by the handler key the event table names. They arrive with the booking issues; until
 * a flow is here its events stay queued with the reason and are retried, then parked for an admin.
 */
export const HANDLERS: HandlerRegistry = {};
