import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const ID = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};

const CREATED_UPDATED = [
  { name: 'created_at', type: 'datetime', precision: 3 },
  { name: 'updated_at', type: 'datetime', precision: 3 },
];

/** People, their events, the events' images and stars. */
export class UsersAndEvents1764800200000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'user',
        columns: [
          ID,
          { name: 'openid', type: 'varchar', length: '64', isUnique: true },
          { name: 'unionid', type: 'varchar', length: '64', isNullable: true },
          { name: 'nickname', type: 'varchar', length: '100', isNullable: true },
          { name: 'avatar_url', type: 'varchar', length: '512', isNullable: true },
          { name: 'sex', type: 'integer', isNullable: true },
          { name: 'province', type: 'varchar', length: '64', isNullable: true },
          { name: 'city', type: 'varchar', length: '64', isNullable: true },
          { name: 'country', type: 'varchar', length: '64', isNullable: true },
          { name: 'mobile', type: 'varchar', length: '16', isNullable: true },
          { name: 'tag_prefs', type: 'varchar', length: '512', default: "'[]'" },
          { name: 'subscribed', type: 'boolean', default: false },
          { name: 'last_latitude', type: 'double', isNullable: true },
          { name: 'last_longitude', type: 'double', isNullable: true },
          { name: 'last_located_at', type: 'datetime', precision: 3, isNullable: true },
          ...CREATED_UPDATED,
        ],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'event',
        columns: [
          ID,
          { name: 'code', type: 'varchar', length: '64' },
          // The code as compared: trimmed, Latin letters lower-cased. Unique.
          { name: 'code_key', type: 'varchar', length: '64', isUnique: true },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'starts_at', type: 'datetime', precision: 3 },
          { name: 'aa_cost_fen', type: 'integer' },
          { name: 'tag', type: 'varchar', length: '32' },
          { name: 'expect_signups', type: 'integer' },
          { name: 'age_range', type: 'integer' },
          { name: 'location', type: 'varchar', length: '100' },
          { name: 'address', type: 'varchar', length: '200' },
          { name: 'city', type: 'varchar', length: '32', isNullable: true },
          { name: 'latitude', type: 'double', isNullable: true },
          { name: 'longitude', type: 'double', isNullable: true },
          { name: 'organizer_id', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'qr_scene', type: 'varchar', length: '64', isNullable: true, isUnique: true },
          { name: 'qr_ticket', type: 'varchar', length: '512', isNullable: true },
          { name: 'qr_url', type: 'varchar', length: '512', isNullable: true },
          { name: 'qr_expires_at', type: 'datetime', precision: 3, isNullable: true },
          ...CREATED_UPDATED,
        ],
        indices: [
          { name: 'idx_event_status_starts', columnNames: ['status', 'starts_at'] },
          { name: 'idx_event_city_status_starts', columnNames: ['city', 'status', 'starts_at'] },
          { name: 'idx_event_tag_status_starts', columnNames: ['tag', 'status', 'starts_at'] },
          { name: 'idx_event_lat_lng', columnNames: ['latitude', 'longitude'] },
          { name: 'idx_event_organizer', columnNames: ['organizer_id'] },
          { name: 'idx_event_updated', columnNames: ['updated_at'] },
        ],
        foreignKeys: [
          {
            columnNames: ['organizer_id'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'event_media',
        columns: [
          ID,
          { name: 'event_id', type: 'integer' },
          { name: 'position', type: 'integer' },
          { name: 'media_id', type: 'varchar', length: '128' },
          // pending → synced (public_url set) or lost (WeChat no longer has it).
          { name: 'sync_state', type: 'varchar', length: '16' },
          { name: 'public_url', type: 'varchar', length: '512', isNullable: true },
          { name: 'attempts', type: 'integer', default: 0 },
          ...CREATED_UPDATED,
        ],
        indices: [
          {
            name: 'uq_event_media_position',
            columnNames: ['event_id', 'position'],
            isUnique: true,
          },
          { name: 'idx_event_media_state', columnNames: ['sync_state', 'updated_at'] },
        ],
        foreignKeys: [
          {
            columnNames: ['event_id'],
            referencedTableName: 'event',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );

    await runner.createTable(
      new Table({
        name: 'event_star',
        columns: [
          { name: 'user_id', type: 'integer', isPrimary: true },
          { name: 'event_id', type: 'integer', isPrimary: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'idx_event_star_event', columnNames: ['event_id'] },
          { name: 'idx_event_star_user_created', columnNames: ['user_id', 'created_at'] },
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            columnNames: ['event_id'],
            referencedTableName: 'event',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('event_star');
    await runner.dropTable('event_media');
    await runner.dropTable('event');
    await runner.dropTable('user');
  }
}
