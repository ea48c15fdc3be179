import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** One row per WeChat callback delivery, so retries get the first answer back. */
export class WxDelivery1764800300000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wx_delivery',
        columns: [
          // sha1 of FromUserName+MsgId (messages) or FromUserName+CreateTime+Event+EventKey.
          { name: 'delivery_key', type: 'varchar', length: '40', isPrimary: true },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'reply', type: 'text', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'idx_wx_delivery_created', columnNames: ['created_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wx_delivery');
  }
}
