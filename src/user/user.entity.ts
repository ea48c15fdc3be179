import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('user')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  openid: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  nickname: string | null;

  @Column({ name: 'avatar_url', type: 'varchar', length: 512, nullable: true })
  avatarUrl: string | null;

  @Column({ type: 'integer', nullable: true })
  sex: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  province: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  city: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  country: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  mobile: string | null;

  /** A JSON array of tag names, e.g. ["爬山","撸串"]. */
  @Column({ name: 'tag_prefs', type: 'varchar', length: 512, default: '[]' })
  tagPrefs: string;

  @Column({ type: 'boolean', default: false })
  subscribed: boolean;

  @Column({ name: 'last_latitude', type: 'double', nullable: true })
  lastLatitude: number | null;

  @Column({ name: 'last_longitude', type: 'double', nullable: true })
  lastLongitude: number | null;

  @Column({ name: 'last_located_at', type: 'datetime', precision: 3, nullable: true })
  lastLocatedAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
