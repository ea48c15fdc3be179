import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { WechatCredentialEntity } from '#src/wechat/wechat-credential.entity.js';

export type CredentialKind = 'access_token' | 'jsapi_ticket';

export interface StoredCredential {
  value: string;
  expiresAt: Date;
}

/** Marks a credential as expired: far in the past, and distinct from any real expiry. */
const EXPIRED = new Date(Date.UTC(2000, 0, 1));

/** Every query on `wechat_credential`. */
@Injectable()
export class WechatCredentialRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(appId: string, kind: CredentialKind): Promise<StoredCredential | undefined> {
    const row = await this.repository().findOneBy({ appId, kind });

    return row === null ? undefined : { value: row.value, expiresAt: row.expiresAt };
  }

  async save(appId: string, kind: CredentialKind, value: string, expiresAt: Date): Promise<void> {
    await this.repository().upsert(
      { appId, kind, value, expiresAt, updatedAt: new Date() },
      { conflictPaths: ['appId', 'kind'] },
    );
  }

  /**
   * Compare-and-expire: marks the credential expired only if it still holds `value` and is not
   * already marked. True for exactly one caller per stored value, however many race.
   */
  async expireIfCurrent(appId: string, kind: CredentialKind, value: string): Promise<boolean> {
    const result = await this.repository()
      .createQueryBuilder()
      .update()
      .set({ expiresAt: EXPIRED, updatedAt: new Date() })
      .where('app_id = :appId AND kind = :kind AND value = :value', { appId, kind, value })
      .andWhere('expires_at > :expired', { expired: EXPIRED })
      .execute();

    return (result.affected ?? 0) > 0;
  }

  private repository() {
    return this.dataSource.getRepository(WechatCredentialEntity);
  }
}
