import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** WeChat's access token and jsapi_ticket, shared by every server process through the database. */
export class WechatCredential1764800100000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'wechat_credential',
        columns: [
          { name: 'app_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '32', isPrimary: true },
          { name: 'value', type: 'varchar', length: '1024' },
          { name: 'expires_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('wechat_credential');
  }
}
