import { LeaseEntity } from '#src/database/lease.entity.js';

/** Every entity the data source knows; feature modules add theirs here. */
export const ENTITIES = [LeaseEntity];
