import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AppConfig } from '#src/config/app-config.js';
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
  ],
  exports: [DataSource, LeaseRepository],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }
}
