import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AppConfig } from '#src/config/app-config.js';
import { DatabaseDrain } from '#src/database/database-drain.js';
import { connectDataSource, runMigrations } from '#src/database/data-source.js';
import { LeaseRepository } from '#src/database/lease.repository.js';

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const logger = new Logger(DatabaseModule.name);
        const dataSource = await connectDataSource(config, logger);
        const applied = await runMigrations(dataSource);
        if (applied.length > 0) {
          logger.log({ msg: 'migrations applied', migrations: applied });
        }

        return dataSource;
      },
    },
    LeaseRepository,
    DatabaseDrain,
  ],
  exports: [DataSource, LeaseRepository, DatabaseDrain],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly drain: DatabaseDrain,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.drain.drain();
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }
}
