import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, Repository } from 'typeorm';

import { isUniqueViolation } from '#src/database/unique-violation.js';
import { WxDeliveryEntity, WxDeliveryState } from '#src/wx-message/wx-delivery.entity.js';

/** The delivery records behind retry dedup; the primary key decides across processes. */
@Injectable()
export class WxDeliveryRepository {
  private readonly deliveries: Repository<WxDeliveryEntity>;

  constructor(dataSource: DataSource) {
    this.deliveries = dataSource.getRepository(WxDeliveryEntity);
  }

  /** Records the first arrival of a delivery; false when another arrival recorded it first. */
  async claim(key: string, now = new Date()): Promise<boolean> {
    try {
      await this.deliveries.insert({
        key,
        state: 'processing',
        reply: null,
        createdAt: now,
        updatedAt: now,
      });

      return true;
    } catch (error) {
      if (isUniqueViolation(error)) {
        return false;
      }
      throw error;
    }
  }

  find(key: string): Promise<WxDeliveryEntity | null> {
    return this.deliveries.findOneBy({ key });
  }

  async finish(key: string, state: WxDeliveryState, reply: string): Promise<void> {
    await this.deliveries.update({ key }, { state, reply, updatedAt: new Date() });
  }

  /** Moves a deferred delivery to `sent`; true for the one caller that may send its message. */
  async claimCustomSend(key: string): Promise<boolean> {
    const result = await this.deliveries.update(
      { key, state: 'deferred' },
      { state: 'sent', updatedAt: new Date() },
    );

    return (result.affected ?? 0) > 0;
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    const result = await this.deliveries.delete({ createdAt: LessThan(cutoff) });

    return result.affected ?? 0;
  }
}
