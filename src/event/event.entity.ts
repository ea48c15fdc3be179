import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type EventStatus = 'draft' | 'published' | 'cancelled';

@Entity('event')
export class EventEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ name: 'code_key', type: 'varchar', length: 64, unique: true })
  codeKey: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ name: 'starts_at', type: 'datetime', precision: 3 })
  startsAt: Date;

  @Column({ name: 'aa_cost_fen', type: 'integer' })
  aaCostFen: number;

  @Column({ type: 'varchar', length: 32 })
  tag: string;

  @Column({ name: 'expect_signups', type: 'integer' })
  expectSignups: number;

  @Column({ name: 'age_range', type: 'integer' })
  ageRange: number;

  @Column({ type: 'varchar', length: 100 })
  location: string;

  @Column({ type: 'varchar', length: 200 })
  address: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  city: string | null;

  @Column({ type: 'double', nullable: true })
  latitude: number | null;

  @Column({ type: 'double', nullable: true })
  longitude: number | null;

  @Column({ name: 'organizer_id', type: 'integer' })
  organizerId: number;

  @Column({ type: 'varchar', length: 16 })
  status: EventStatus;

  @Column({ name: 'qr_scene', type: 'varchar', length: 64, nullable: true, unique: true })
  qrScene: string | null;

  @Column({ name: 'qr_ticket', type: 'varchar', length: 512, nullable: true })
  qrTicket: string | null;

  @Column({ name: 'qr_url', type: 'varchar', length: 512, nullable: true })
  qrUrl: string | null;

  @Column({ name: 'qr_expires_at', type: 'datetime', precision: 3, nullable: true })
  qrExpiresAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

export type MediaSyncState = 'pending' | 'synced' | 'lost';

@Entity('event_media')
export class EventMediaEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'event_id', type: 'integer' })
  eventId: number;

  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'media_id', type: 'varchar', length: 128 })
  mediaId: string;

  @Column({ name: 'sync_state', type: 'varchar', length: 16 })
  syncState: MediaSyncState;

  @Column({ name: 'public_url', type: 'varchar', length: 512, nullable: true })
  publicUrl: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity('event_star')
export class EventStarEntity {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @PrimaryColumn({ name: 'event_id', type: 'integer' })
  eventId: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
