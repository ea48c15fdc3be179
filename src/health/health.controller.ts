import { Controller, Get, HttpCode, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AppException } from '#src/common/app.exception.js';

@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(private readonly dataSource: DataSource) {}

  /** Liveness: the process serves requests. */
  @Get()
  @HttpCode(200)
  live(): { uptimeS: number } {
    return { uptimeS: Math.round(process.uptime()) };
  }

  /** Readiness: the database answers. */
  @Get('ready')
  @HttpCode(200)
  async ready(): Promise<{ database: 'up' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      this.logger.debug({ msg: 'readiness check failed', reason: (error as Error).message });
      throw AppException.unavailable('Database is not reachable', { cause: error });
    }

    return { database: 'up' };
  }
}
