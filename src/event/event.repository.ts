import { Injectable } from '@nestjs/common';
import { DataSource, In, MoreThan, MoreThanOrEqual, Repository, SelectQueryBuilder } from 'typeorm';

import { isUniqueViolation } from '#src/database/unique-violation.js';
import {
  EventEntity,
  EventMediaEntity,
  EventStarEntity,
  EventStatus,
} from '#src/event/event.entity.js';

export type NewEvent = Omit<
  EventEntity,
  'id' | 'createdAt' | 'updatedAt' | 'qrScene' | 'qrTicket' | 'qrUrl' | 'qrExpiresAt'
>;

export interface EventFilter {
  city?: string;
  tag?: string;
  /** A point and a radius: a bounding box in SQL, then the exact distance. */
  near?: { latitude: number; longitude: number; radiusKm: number };
}

export interface Page<T> {
  rows: T[];
  total: number;
}

export interface IndexedCode {
  id: number;
  code: string;
  startsAt: Date;
  status: EventStatus;
  updatedAt: Date;
}

const KM_PER_DEGREE = 111.32;

@Injectable()
export class EventRepository {
  private readonly events: Repository<EventEntity>;
  private readonly media: Repository<EventMediaEntity>;
  private readonly stars: Repository<EventStarEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.events = dataSource.getRepository(EventEntity);
    this.media = dataSource.getRepository(EventMediaEntity);
    this.stars = dataSource.getRepository(EventStarEntity);
  }

  /** Stores an event and its images in one transaction; undefined when the code is taken. */
  async insert(event: NewEvent, mediaIds: string[]): Promise<EventEntity | undefined> {
    try {
      const now = new Date();

      return await this.dataSource.transaction(async (manager) => {
        const saved = await manager
          .getRepository(EventEntity)
          .save(manager.create(EventEntity, { ...event, createdAt: now, updatedAt: now }));
        const images = mediaIds.map((mediaId, position) => ({
          eventId: saved.id,
          position,
          mediaId,
          syncState: 'pending' as const,
          createdAt: now,
          updatedAt: now,
        }));
        if (images.length > 0) {
          await manager.getRepository(EventMediaEntity).insert(images);
        }

        return saved;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        return undefined;
      }
      throw error;
    }
  }

  findByCodeKey(codeKey: string): Promise<EventEntity | null> {
    return this.events.findOneBy({ codeKey });
  }

  findById(id: number): Promise<EventEntity | null> {
    return this.events.findOneBy({ id });
  }

  findByIds(ids: number[]): Promise<EventEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.events.findBy({ id: In(ids) });
  }

  findByScene(scene: string): Promise<EventEntity | null> {
    return this.events.findOneBy({ qrScene: scene });
  }

  /** Published events, upcoming first (soonest first), then past ones (latest first). */
  async listPublished(
    filter: EventFilter,
    offset: number,
    limit: number,
    now: Date,
  ): Promise<Page<EventEntity>> {
    const query = this.events
      .createQueryBuilder('e')
      .where('e.status = :status', { status: 'published' });
    applyFilter(query, filter);
    const total = await query.getCount();
    const rows = await query
      .addSelect('CASE WHEN e.starts_at >= :now THEN 0 ELSE 1 END', 'past')
      .addSelect('CASE WHEN e.starts_at >= :now THEN e.starts_at END', 'upcoming_at')
      .setParameter('now', now)
      .orderBy('past', 'ASC')
      .addOrderBy('upcoming_at', 'ASC')
      .addOrderBy('e.starts_at', 'DESC')
      .addOrderBy('e.id', 'ASC')
      .offset(offset)
      .limit(limit)
      .getMany();

    return { rows, total };
  }

  async mediaOf(eventIds: number[]): Promise<Map<number, EventMediaEntity[]>> {
    const rows =
      eventIds.length === 0
        ? []
        : await this.media.find({ where: { eventId: In(eventIds) }, order: { position: 'ASC' } });
    const byEvent = new Map<number, EventMediaEntity[]>();
    for (const row of rows) {
      byEvent.set(row.eventId, [...(byEvent.get(row.eventId) ?? []), row]);
    }

    return byEvent;
  }

  async starCounts(eventIds: number[]): Promise<Map<number, number>> {
    if (eventIds.length === 0) {
      return new Map();
    }
    const rows: { eventId: number; count: string | number }[] = await this.stars
      .createQueryBuilder('s')
      .select('s.event_id', 'eventId')
      .addSelect('COUNT(*)', 'count')
      .where('s.event_id IN (:...eventIds)', { eventIds })
      .groupBy('s.event_id')
      .getRawMany();

    return new Map(rows.map((row) => [Number(row.eventId), Number(row.count)]));
  }

  async starredAmong(userId: number, eventIds: number[]): Promise<Set<number>> {
    if (eventIds.length === 0) {
      return new Set();
    }
    const rows = await this.stars.findBy({ userId, eventId: In(eventIds) });

    return new Set(rows.map((row) => row.eventId));
  }

  /** Idempotent: the primary key (user, event) makes a second star a no-op. */
  async star(userId: number, eventId: number): Promise<void> {
    try {
      await this.stars.insert({ userId, eventId, createdAt: new Date() });
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
    }
  }

  async unstar(userId: number, eventId: number): Promise<void> {
    await this.stars.delete({ userId, eventId });
  }

  /** The events a user starred, newest star first. */
  async starredBy(userId: number, offset: number, limit: number): Promise<Page<EventEntity>> {
    const total = await this.stars.countBy({ userId });
    const stars = await this.stars.find({
      where: { userId },
      order: { createdAt: 'DESC', eventId: 'DESC' },
      skip: offset,
      take: limit,
    });
    const events = new Map(
      (await this.findByIds(stars.map((s) => s.eventId))).map((e) => [e.id, e]),
    );

    return { rows: stars.flatMap((s) => events.get(s.eventId) ?? []), total };
  }

  /** Codes for the search index: all of them, or those changed since a moment. */
  codesChangedSince(since: Date | undefined): Promise<IndexedCode[]> {
    return this.events.find({
      select: { id: true, code: true, startsAt: true, status: true, updatedAt: true },
      where: since === undefined ? {} : { updatedAt: MoreThanOrEqual(since) },
    });
  }

  /** One page of codes in id order, after `afterId`: the search index's slow full sweep. */
  codesAfterId(afterId: number, limit: number): Promise<IndexedCode[]> {
    return this.events.find({
      select: { id: true, code: true, startsAt: true, status: true, updatedAt: true },
      where: { id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  /**
   * Places of published events whose location or address contains `text`, near a point: what
   * the offline place search offers an organizer. Latest events first.
   */
  findPlaces(text: string, near: EventFilter['near'], limit: number): Promise<EventEntity[]> {
    // `!` escapes LIKE wildcards the same way on MySQL and SQLite (a backslash does not).
    const pattern = `%${text.replace(/[!%_]/g, (char) => `!${char}`)}%`;
    const query = this.events
      .createQueryBuilder('e')
      .where('e.status = :status', { status: 'published' })
      .andWhere('e.latitude IS NOT NULL')
      .andWhere("(e.location LIKE :pattern ESCAPE '!' OR e.address LIKE :pattern ESCAPE '!')", {
        pattern,
      });
    applyFilter(query, { near });

    return query.orderBy('e.starts_at', 'DESC').limit(limit).getMany();
  }

  /** Records a QR code unless another request already did; true when this one was stored. */
  async storeQrCode(
    eventId: number,
    qr: { scene: string; ticket: string; url: string; expiresAt: Date | null },
  ): Promise<boolean> {
    const result = await this.events
      .createQueryBuilder()
      .update()
      .set({
        qrScene: qr.scene,
        qrTicket: qr.ticket,
        qrUrl: qr.url,
        qrExpiresAt: qr.expiresAt,
        updatedAt: new Date(),
      })
      .where('id = :eventId', { eventId })
      .andWhere('(qr_ticket IS NULL OR (qr_expires_at IS NOT NULL AND qr_expires_at < :now))', {
        now: new Date(),
      })
      .execute();

    return (result.affected ?? 0) > 0;
  }

  /** Upcoming published events (id and tag only) for a random pick, soonest first. */
  upcomingCandidates(
    filter: EventFilter,
    now: Date,
    limit: number,
  ): Promise<Pick<EventEntity, 'id' | 'tag'>[]> {
    const query = this.events
      .createQueryBuilder('e')
      .select(['e.id', 'e.tag'])
      .where('e.status = :status', { status: 'published' })
      .andWhere('e.starts_at >= :now', { now });
    applyFilter(query, filter);

    return query.orderBy('e.starts_at', 'ASC').addOrderBy('e.id', 'ASC').limit(limit).getMany();
  }

  /** The public URL of an event's first synced image, if it has one. */
  async firstSyncedImageUrl(eventId: number): Promise<string | undefined> {
    const row = await this.media
      .createQueryBuilder('m')
      .where('m.event_id = :eventId', { eventId })
      .andWhere('m.sync_state = :state', { state: 'synced' })
      .andWhere('m.public_url IS NOT NULL')
      .orderBy('m.position', 'ASC')
      .getOne();

    return row?.publicUrl ?? undefined;
  }
}

function applyFilter(query: SelectQueryBuilder<EventEntity>, filter: EventFilter): void {
  if (filter.city !== undefined) {
    query.andWhere('e.city = :city', { city: filter.city });
  }
  if (filter.tag !== undefined) {
    query.andWhere('e.tag = :tag', { tag: filter.tag });
  }
  if (filter.near !== undefined) {
    const { latitude, longitude, radiusKm } = filter.near;
    const cos = Math.max(Math.cos((latitude * Math.PI) / 180), 0.01);
    const dLat = radiusKm / KM_PER_DEGREE;
    const dLng = radiusKm / (KM_PER_DEGREE * cos);
    // Equirectangular distance: exact enough within 100 km, and plain arithmetic on both databases.
    query
      .andWhere('e.latitude BETWEEN :minLat AND :maxLat', {
        minLat: latitude - dLat,
        maxLat: latitude + dLat,
      })
      .andWhere('e.longitude BETWEEN :minLng AND :maxLng', {
        minLng: longitude - dLng,
        maxLng: longitude + dLng,
      })
      .andWhere(
        '((e.latitude - :lat) * (e.latitude - :lat) + (e.longitude - :lng) * :cos * (e.longitude - :lng) * :cos) <= :r2',
        { lat: latitude, lng: longitude, cos, r2: dLat * dLat },
      );
  }
}
