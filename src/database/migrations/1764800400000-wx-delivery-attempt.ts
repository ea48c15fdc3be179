import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Which arrival claimed a delivery. Claims are written many to a statement (INSERT … IGNORE);
 * reading back the attempt tells each arrival whether its row is the one that landed.
 */
export class WxDeliveryAttempt1764800400000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn(
      'wx_delivery',
      new TableColumn({ name: 'attempt', type: 'varchar', length: '32', isNullable: true }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('wx_delivery', 'attempt');
  }
}
