import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The database's character set, and leases: which process runs a shared job, and until when. */
export class Init1764800000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'mysql') {
      // Nicknames and comments carry emoji: everything we create inherits utf8mb4.
      await runner.query('ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    }

    await runner.createTable(
      new Table({
        name: 'lease',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'holder', type: 'varchar', length: '64' },
          { name: 'expires_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('lease');
  }
}
