import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, LessThan } from 'typeorm';

import { LeaseEntity } from '#src/database/lease.entity.js';

/**
 * Database leases: with many processes sharing one database, a named job runs in the one
 * process holding its lease. Acquisition is a single atomic statement, so two processes never
 * both win.
 */
@Injectable()
export class LeaseRepository {
  /** This process's identity as a lease holder. */
  readonly holder = randomUUID();

  constructor(private readonly dataSource: DataSource) {}

  /** Takes or renews the lease when it is free, expired, or already ours. */
  async acquire(name: string, ttlMs: number, now = new Date()): Promise<boolean> {
    const repository = this.dataSource.getRepository(LeaseEntity);
    const expiresAt = new Date(now.getTime() + ttlMs);
    const taken = await repository
      .createQueryBuilder()
      .update()
      .set({ holder: this.holder, expiresAt })
      .where('name = :name', { name })
      .andWhere('(holder = :holder OR expires_at < :now)', { holder: this.holder, now })
      .execute();
    if ((taken.affected ?? 0) > 0) {
      return true;
    }

    try {
      await repository.insert({ name, holder: this.holder, expiresAt });

      return true;
    } catch {
      // Another process inserted it first (primary key); it holds the lease.
      return false;
    }
  }

  async release(name: string): Promise<void> {
    await this.dataSource.getRepository(LeaseEntity).delete({ name, holder: this.holder });
  }

  async purgeExpired(now = new Date()): Promise<void> {
    await this.dataSource.getRepository(LeaseEntity).delete({ expiresAt: LessThan(now) });
  }
}
