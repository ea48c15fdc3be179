import { Logger } from '@nestjs/common';

import { loadProcessConfig } from '#src/config/app-config.js';
import { connectDataSource, describeDatabase, runMigrations } from '#src/database/data-source.js';

/** `npm run migrate`: applies pending migrations to the configured database and exits. */
async function migrate(): Promise<void> {
  const config = loadProcessConfig();

  try {
    const dataSource = await connectDataSource(config, new Logger('Migrate'));
    const applied = await runMigrations(dataSource);
    await dataSource.destroy();
    console.log(`${describeDatabase(config)}: ${applied.length} migration(s) applied`);
    applied.forEach((name) => console.log(`  ${name}`));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

await migrate();
