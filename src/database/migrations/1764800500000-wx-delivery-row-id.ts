import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/** The columns of a delivery record besides its keys, unchanged by this migration. */
const RECORD_COLUMNS: TableColumnOptions[] = [
  { name: 'state', type: 'varchar', length: '16' },
  { name: 'reply', type: 'text', isNullable: true },
  { name: 'attempt', type: 'varchar', length: '32', isNullable: true },
  { name: 'created_at', type: 'datetime', precision: 3 },
  { name: 'updated_at', type: 'datetime', precision: 3 },
];
const COPIED = 'delivery_key, state, reply, attempt, created_at, updated_at';

/**
 * Delivery records get a row id as their primary key; the delivery key becomes a unique key.
 * On InnoDB the primary key orders the rows: with the (random) sha1 key every insert lands on a
 * random page, and once the records outgrow the buffer pool each one costs a page read and a
 * page split. With an increasing id the records, reply bytes included, are appended in order,
 * and only the narrow unique index takes random inserts. SQLite already stores rows by rowid.
 */
export class WxDeliveryRowId1764800500000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // SQLite's AUTOINCREMENT takes only INTEGER (64-bit there); MySQL's INT would be 32-bit.
    const idType = runner.connection.options.type === 'mysql' ? 'bigint' : 'integer';
    await rebuild(
      runner,
      new Table({
        name: 'wx_delivery_next',
        columns: [
          {
            name: 'id',
            type: idType,
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'delivery_key', type: 'varchar', length: '40' },
          ...RECORD_COLUMNS,
        ],
        uniques: [{ name: 'uq_wx_delivery_key', columnNames: ['delivery_key'] }],
        indices: [{ name: 'idx_wx_delivery_created_at', columnNames: ['created_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await rebuild(
      runner,
      new Table({
        name: 'wx_delivery_previous',
        columns: [
          { name: 'delivery_key', type: 'varchar', length: '40', isPrimary: true },
          ...RECORD_COLUMNS,
        ],
        indices: [{ name: 'idx_wx_delivery_created', columnNames: ['created_at'] }],
      }),
    );
  }
}

/** Creates `table`, copies every record into it (oldest first) and puts it in wx_delivery's place. */
async function rebuild(runner: QueryRunner, table: Table): Promise<void> {
  await runner.createTable(table);
  await runner.query(
    `INSERT INTO ${table.name} (${COPIED}) SELECT ${COPIED} FROM wx_delivery ORDER BY created_at`,
  );
  await runner.dropTable('wx_delivery');
  await runner.renameTable(table.name, 'wx_delivery');
}
