import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One shared WeChat credential (access token, jsapi_ticket) per app, with its expiry. */
@Entity('wechat_credential')
export class WechatCredentialEntity {
  @PrimaryColumn({ name: 'app_id', type: 'varchar', length: 64 })
  appId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 1024 })
  value: string;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
