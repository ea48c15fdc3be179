import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, QueryFailedError, Repository } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver.js';

import { WxDeliveryEntity, WxDeliveryState } from '#src/wx-message/wx-delivery.entity.js';

/** The part of mysql2's pool used here (its callback API). */
interface MysqlPool {
  execute(
    sql: string,
    values: unknown[],
    callback: (error: Error | null, result: { affectedRows: number }) => void,
  ): void;
}

export interface AnsweredDelivery {
  key: string;
  reply: string;
}

export interface FinishedDelivery {
  key: string;
  state: WxDeliveryState;
  reply: string;
}

/** The delivery records behind retry dedup; the unique key on delivery_key decides across processes. */
@Injectable()
export class WxDeliveryRepository {
  private readonly deliveries: Repository<WxDeliveryEntity>;
  private readonly mysql: boolean;
  /** Attempt ids: this process's random tag and a counter, unique across processes. */
  private readonly attemptTag = randomBytes(9).toString('base64url');
  private attempts = 0;

  constructor(private readonly dataSource: DataSource) {
    this.deliveries = dataSource.getRepository(WxDeliveryEntity);
    this.mysql = dataSource.options.type === 'mysql';
  }

  /**
   * Records the first arrival of each delivery, many in one statement; answers, for each key,
   * whether this call's row is the one that landed. A key twice in `keys` wins at most once.
   */
  async claimMany(keys: string[], now = new Date()): Promise<boolean[]> {
    // Plain SQL: this runs for every message WeChat sends, and the query builder's per-parameter
    // work costs more than the statement itself at this batch size.
    const attempt = this.nextAttempt();
    const distinct = [...new Set(keys)];
    const at = sqlDatetime(now);
    const ignore = this.mysql ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
    await this.dataSource.query(
      `${ignore} INTO wx_delivery (delivery_key, state, attempt, created_at, updated_at) VALUES ` +
        distinct.map(() => "(?, 'processing', ?, ?, ?)").join(', '),
      distinct.flatMap((key) => [key, attempt, at, at]),
    );
    const won = await this.landedOf(distinct, attempt);

    return keys.map((key) => won.delete(key));
  }

  /**
   * Runs a statement as a prepared statement straight on mysql2's pool (each connection keeps
   * it, one per batch size): the replies travel as they are instead of being escaped into the
   * SQL text, and MariaDB parses the statement once per connection instead of every time.
   */
  private executeOnMysql(sql: string, parameters: unknown[]): Promise<{ affectedRows: number }> {
    const pool = (this.dataSource.driver as MysqlDriver).pool as MysqlPool;

    return new Promise((resolve, reject) => {
      pool.execute(sql, parameters, (error, result) => {
        if (error) {
          reject(new QueryFailedError(sql, undefined, error));
        } else {
          resolve(result);
        }
      });
    });
  }

  private nextAttempt(): string {
    this.attempts += 1;

    return `${this.attemptTag}.${this.attempts.toString(36)}`;
  }

  /** Which of these keys hold the rows written by `attempt`. */
  private async landedOf(keys: string[], attempt: string): Promise<Set<string>> {
    const rows: { delivery_key: string; attempt: string | null }[] = await this.dataSource.query(
      `SELECT delivery_key, attempt FROM wx_delivery WHERE delivery_key IN (${placeholders(keys)})`,
      keys,
    );

    return new Set(rows.filter((row) => row.attempt === attempt).map((row) => row.delivery_key));
  }

  /**
   * Records deliveries already answered, reply included, many in one statement: the claim and
   * the record are one write. Answers, for each row, whether it is the one that landed; a key
   * twice in `rows` lands at most once. In the usual case (no retry among them) this is a
   * single statement: MySQL's affected-row count, or SQLite's RETURNING, says all landed.
   */
  async storeAnswered(rows: AnsweredDelivery[], now = new Date()): Promise<boolean[]> {
    const attempt = this.nextAttempt();
    const seen = new Set<string>();
    const distinct = rows.filter((row) => !seen.has(row.key) && seen.add(row.key));
    const at = sqlDatetime(now);
    const parameters: string[] = [];
    for (const row of distinct) {
      parameters.push(row.key, attempt, row.reply, at, at);
    }
    let landed: Set<string>;
    if (this.mysql) {
      const result = await this.executeOnMysql(storeAnsweredSql(distinct.length), parameters);
      landed =
        result.affectedRows === distinct.length
          ? new Set(seen)
          : await this.landedOf([...seen], attempt);
    } else {
      const inserted: { delivery_key: string }[] = await this.dataSource.query(
        `${storeAnsweredSql(distinct.length, 'INSERT OR IGNORE')} RETURNING delivery_key`,
        parameters,
      );
      landed = new Set(inserted.map((row) => row.delivery_key));
    }

    return rows.map((row) => landed.delete(row.key));
  }

  find(key: string): Promise<WxDeliveryEntity | null> {
    return this.deliveries.findOneBy({ key });
  }

  /** Stores the outcome of many deliveries in one statement (each row already claimed). */
  async finishMany(rows: FinishedDelivery[], now = new Date()): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    const at = sqlDatetime(now);
    const upsert = this.mysql
      ? 'ON DUPLICATE KEY UPDATE state = VALUES(state), reply = VALUES(reply), ' +
        'updated_at = VALUES(updated_at)'
      : 'ON CONFLICT (delivery_key) DO UPDATE SET state = excluded.state, ' +
        'reply = excluded.reply, updated_at = excluded.updated_at';
    await this.dataSource.query(
      'INSERT INTO wx_delivery (delivery_key, state, reply, created_at, updated_at) VALUES ' +
        `${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')} ${upsert}`,
      rows.flatMap((row) => [row.key, row.state, row.reply, at, at]),
    );
  }

  /** Moves a deferred delivery to `sent`; true for the one caller that may send its message. */
  async claimCustomSend(key: string): Promise<boolean> {
    const result = await this.deliveries.update(
      { key, state: 'deferred' },
      { state: 'sent', updatedAt: new Date() },
    );

    return (result.affected ?? 0) > 0;
  }

  /**
   * Removes the records created before `cutoff`, a chunk at a time: each chunk's ids are read
   * without locking, then deleted by primary key, so the delete locks only those records. A
   * single `DELETE … WHERE created_at < ?` is planned as a scan of the whole table once most
   * records are old (after a burst, or when purges were missed); it then waits for, and holds up,
   * the record batches being written. So may a delete by id list on MariaDB, hence the index hint.
   */
  async purgeOlderThan(cutoff: Date, chunk = PURGE_CHUNK): Promise<number> {
    const before = sqlDatetime(cutoff);
    let removed = 0;
    for (;;) {
      const rows: { id: number | string }[] = await this.dataSource.query(
        `SELECT id FROM wx_delivery WHERE created_at < ? ORDER BY created_at LIMIT ${chunk}`,
        [before],
      );
      if (rows.length === 0) {
        return removed;
      }
      const ids = rows.map((row) => Number(row.id));
      await this.dataSource.query(
        this.mysql
          ? `DELETE d FROM wx_delivery AS d FORCE INDEX (PRIMARY) WHERE d.id IN (${placeholders(ids)}) AND d.created_at < ?`
          : `DELETE FROM wx_delivery WHERE id IN (${placeholders(ids)}) AND created_at < ?`,
        [...ids, before],
      );
      removed += ids.length;
      if (rows.length < chunk) {
        return removed;
      }
    }
  }
}

/**
 * Records removed per statement by the purge: below MariaDB's `in_predicate_conversion_threshold`
 * (1000), which would turn the id list into a join that scans the whole table.
 */
const PURGE_CHUNK = 500;

/** The batch statement for `rows` answered deliveries, built once per batch size. */
const storeAnsweredStatements = new Map<string, string>();

function storeAnsweredSql(rows: number, insert = 'INSERT IGNORE'): string {
  const id = `${insert}/${rows}`;
  let sql = storeAnsweredStatements.get(id);
  if (sql === undefined) {
    sql =
      `${insert} INTO wx_delivery (delivery_key, state, attempt, reply, created_at, updated_at) ` +
      `VALUES ${Array.from({ length: rows }, () => "(?, 'done', ?, ?, ?, ?)").join(', ')}`;
    storeAnsweredStatements.set(id, sql);
  }

  return sql;
}

function placeholders(values: unknown[]): string {
  return values.map(() => '?').join(', ');
}

/** A UTC datetime as both databases store `datetime(3)`: `YYYY-MM-DD HH:mm:ss.SSS`. */
function sqlDatetime(instant: Date): string {
  return instant.toISOString().slice(0, 23).replace('T', ' ');
}
