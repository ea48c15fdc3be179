import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `processing`: the first arrival is working on it; `done`: `reply` holds the bytes sent;
 * `deferred`: the deadline passed, `success` went out and the reply goes as a 客服 message;
 * `sent`: that 客服 message has been claimed for sending (never twice).
 */
export type WxDeliveryState = 'processing' | 'done' | 'deferred' | 'sent';

@Entity('wx_delivery')
export class WxDeliveryEntity {
  /** Row order only: records are appended in id order (see the row-id migration). */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  /** Unique: the database decides which arrival of a delivery is the first. */
  @Column({ name: 'delivery_key', type: 'varchar', length: 40, unique: true })
  key: string;

  @Column({ type: 'varchar', length: 16 })
  state: WxDeliveryState;

  @Column({ type: 'text', nullable: true })
  reply: string | null;

  /** The claim that landed: each batch of claims has its own attempt id. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  attempt: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
