import { Init1764800000000 } from '#src/database/migrations/1764800000000-init.js';

/** Every migration, oldest first. The same list runs on SQLite and on MySQL/MariaDB. */
export const MIGRATIONS = [Init1764800000000];
