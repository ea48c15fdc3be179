import { readFileSync } from 'node:fs';

import { createApp } from '#src/app.factory.js';
import { AppLogger } from '#src/common/app-logger.js';
import { loadProcessConfig } from '#src/config/app-config.js';
import { describeDatabase } from '#src/database/data-source.js';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

async function bootstrap(): Promise<void> {
  const config = loadProcessConfig();

  const logger = new AppLogger(config.logLevel, config.logFormat);
  const version = (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;
  try {
    const app = await createApp(config, { logger });
    await app.listen(config.port, config.host);
    // Closing finishes in-flight requests, stops scheduled jobs and closes the database pool.
    for (const signal of SHUTDOWN_SIGNALS) {
      process.once(signal, () => {
        logger.log({ msg: 'shutting down', signal }, 'Bootstrap');
        app.close().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ msg: 'shutdown failed', reason: String(error) }, 'Bootstrap');
            process.exit(1);
          },
        );
      });
    }
    logger.log(
      {
        msg: 'qilaihi server started',
        address: await app.getUrl(),
        version,
        database: describeDatabase(config),
        featuresOff: config.disabledFeatures(),
      },
      'Bootstrap',
    );
  } catch (error) {
    logger.error({ msg: 'start-up failed', reason: (error as Error).message }, 'Bootstrap');
    process.exit(1);
  }
}

await bootstrap();
