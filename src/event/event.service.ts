import { Injectable, Logger } from '@nestjs/common';

import { parseShanghai } from '#src/common/time.js';
import { cityOfAddress, codeKey, codeProblem, normalizeCity } from '#src/event/event-code.js';
import { EventView, eventView } from '#src/event/event-view.js';
import { EventEntity } from '#src/event/event.entity.js';
import { EventException } from '#src/event/event.exception.js';
import { EventFilter, EventRepository } from '#src/event/event.repository.js';
import { EventSearchService } from '#src/event/event-search.service.js';
import { EventCodeDto, SearchEventsDto } from '#src/event/dto/event-code.dto.js';
import { ListEventsDto, pageOf, PageDto } from '#src/event/dto/list-events.dto.js';
import { PublishEventDto } from '#src/event/dto/publish-event.dto.js';
import { assertSelf, Session } from '#src/session/session.service.js';
import { UserRepository } from '#src/user/user.repository.js';
import { WechatApiClient } from '#src/wechat/wechat-api.client.js';

export interface EventPage {
  items: EventView[];
  page_number: number;
  items_per_page: number;
  total: number;
}

export interface EventQrCode {
  code: string;
  scene: string;
  ticket: string;
  url: string;
  image_url: string;
  expires_at: Date | null;
}

const DEFAULT_SEARCH_LIMIT = 10;
/** A temporary QR code lives at most 30 days (WeChat's limit); later events get a permanent one. */
const MAX_TEMPORARY_QR_S = 30 * 24 * 3600;
const QR_GRACE_AFTER_START_S = 24 * 3600;

@Injectable()
export class EventService {
  private readonly logger = new Logger(EventService.name);

  constructor(
    private readonly events: EventRepository,
    private readonly users: UserRepository,
    private readonly search: EventSearchService,
    private readonly wechat: WechatApiClient,
  ) {}

  async publish(session: Session, dto: PublishEventDto, now = new Date()): Promise<EventView> {
    assertSelf(session, dto.organizerid, 'organizerid');
    const startsAt = this.checkPublishable(dto, now);

    const organizer = await this.users.upsertByOpenid(session.openid);
    const saved = await this.events.insert(
      {
        code: dto.code,
        codeKey: codeKey(dto.code),
        title: dto.title,
        startsAt,
        aaCostFen: Math.round(dto.aacost * 100),
        tag: dto.tag,
        expectSignups: dto.expectsignups,
        ageRange: dto.agerange,
        location: dto.location,
        address: dto.address ?? '',
        city: this.cityOf(dto),
        latitude: dto.latitude === undefined ? null : Number(dto.latitude),
        longitude: dto.longitude === undefined ? null : Number(dto.longitude),
        organizerId: organizer.id,
        status: 'published',
      },
      dto.mediaids ?? [],
    );
    if (saved === undefined) {
      throw EventException.duplicateCode(dto.code);
    }

    this.search.apply(saved);
    this.logger.log({
      msg: 'event published',
      eventId: saved.id,
      images: dto.mediaids?.length ?? 0,
    });

    return eventView(saved, { organizer, media: [] }, now);
  }

  async list(dto: ListEventsDto, now = new Date()): Promise<EventPage> {
    const { page, size, offset } = pageOf(dto);
    const filter = this.filterOf(dto);

    const { rows, total } = await this.events.listPublished(filter, offset, size, now);

    return {
      items: await this.views(rows, undefined, now),
      page_number: page,
      items_per_page: size,
      total,
    };
  }

  async get(dto: EventCodeDto, session: Session | undefined): Promise<EventView> {
    const event = await this.findOrFail(dto.code);

    const [view] = await this.views([event], session);

    return view;
  }

  async searchCodes(dto: SearchEventsDto): Promise<{ items: EventView[] }> {
    const hits = this.search.search(dto.code, dto.limit ?? DEFAULT_SEARCH_LIMIT);
    const events = new Map(
      (await this.events.findByIds(hits.map((hit) => hit.id))).map((e) => [e.id, e]),
    );
    // The index may briefly hold a code another process has since cancelled: the database decides.
    const found = hits.flatMap((hit) => {
      const event = events.get(hit.id);

      return event?.status === 'published' ? [event] : [];
    });

    return { items: await this.views(found) };
  }

  async star(session: Session, dto: EventCodeDto): Promise<{ starred: boolean }> {
    assertSelf(session, dto.openid, 'openid');
    const event = await this.findOrFail(dto.code);

    await this.events.star(session.userId, event.id);

    return { starred: true };
  }

  async unstar(session: Session, dto: EventCodeDto): Promise<{ starred: boolean }> {
    assertSelf(session, dto.openid, 'openid');
    const event = await this.findOrFail(dto.code);

    await this.events.unstar(session.userId, event.id);

    return { starred: false };
  }

  async starredBy(session: Session, dto: PageDto): Promise<EventPage> {
    const { page, size, offset } = pageOf(dto);

    const { rows, total } = await this.events.starredBy(session.userId, offset, size);

    return {
      items: await this.views(rows, session),
      page_number: page,
      items_per_page: size,
      total,
    };
  }

  /** The organizer's parametrised QR code, created once through WeChat and kept. */
  async qrCode(session: Session, dto: EventCodeDto, now = new Date()): Promise<EventQrCode> {
    let event = await this.findOrFail(dto.code);
    if (event.organizerId !== session.userId) {
      throw EventException.notOrganizer();
    }

    const stale = event.qrExpiresAt !== null && event.qrExpiresAt.getTime() <= now.getTime();
    if (event.qrTicket === null || stale) {
      await this.createQrCode(event, now);
      event = (await this.events.findById(event.id)) as EventEntity;
    }

    return {
      code: event.code,
      scene: event.qrScene as string,
      ticket: event.qrTicket as string,
      url: event.qrUrl as string,
      image_url: WechatApiClient.showQrCodeUrl(event.qrTicket as string),
      expires_at: event.qrExpiresAt,
    };
  }

  /** The event a QR scan's scene value points at (the chat module's way back). */
  findByScene(scene: string): Promise<EventEntity | null> {
    return this.events.findByScene(scene);
  }

  private async createQrCode(event: EventEntity, now: Date): Promise<void> {
    const scene = sceneOf(event.id);
    const untilEnd =
      Math.ceil((event.startsAt.getTime() - now.getTime()) / 1000) + QR_GRACE_AFTER_START_S;
    const permanent = untilEnd > MAX_TEMPORARY_QR_S;
    const qr = await this.wechat.createQrCode({
      scene,
      permanent,
      expireSeconds: permanent ? undefined : Math.max(untilEnd, 60),
    });
    const expiresAt =
      qr.expireSeconds === undefined ? null : new Date(now.getTime() + qr.expireSeconds * 1000);

    // Two organizer requests at once may both ask WeChat; the first stored wins, and the
    // scene is the same, so either code leads to this event.
    const stored = await this.events.storeQrCode(event.id, {
      scene,
      ticket: qr.ticket,
      url: qr.url,
      expiresAt,
    });
    this.logger.log({ msg: 'event QR code created', eventId: event.id, permanent, stored });
  }

  private checkPublishable(dto: PublishEventDto, now: Date): Date {
    const problem = codeProblem(dto.code);
    if (problem !== undefined) {
      throw EventException.invalid(problem);
    }
    const startsAt = parseShanghai(dto.time);
    if (startsAt === undefined) {
      throw EventException.invalid(
        'time is not a real date; use "YYYY-MM-DD HH:mm:ss" (Asia/Shanghai)',
      );
    }
    if (startsAt.getTime() <= now.getTime()) {
      throw EventException.invalid('time must be in the future');
    }
    if ((dto.latitude === undefined) !== (dto.longitude === undefined)) {
      throw EventException.invalid('latitude and longitude must be given together');
    }

    return startsAt;
  }

  private cityOf(dto: PublishEventDto): string | null {
    const city = dto.city ?? cityOfAddress(dto.address ?? '') ?? cityOfAddress(dto.location);

    return city === undefined ? null : normalizeCity(city);
  }

  private filterOf(dto: ListEventsDto): EventFilter {
    if ((dto.latitude === undefined) !== (dto.longitude === undefined)) {
      throw EventException.invalid('latitude and longitude must be given together');
    }
    const near =
      dto.latitude === undefined
        ? undefined
        : {
            latitude: Number(dto.latitude),
            longitude: Number(dto.longitude),
            radiusKm: dto.radius_km ?? 10,
          };

    return {
      city: dto.city === undefined ? undefined : normalizeCity(dto.city),
      tag: dto.tag,
      near,
    };
  }

  private async findOrFail(code: string): Promise<EventEntity> {
    const event = await this.events.findByCodeKey(codeKey(code));
    if (event === null) {
      throw EventException.notFound(code);
    }

    return event;
  }

  /** Views of several events with their organizers, images and counts, in a few queries. */
  private async views(
    events: EventEntity[],
    session?: Session,
    now = new Date(),
  ): Promise<EventView[]> {
    const ids = events.map((event) => event.id);
    const [organizers, media, stars, starred] = await Promise.all([
      this.users.findByIds([...new Set(events.map((event) => event.organizerId))]),
      this.events.mediaOf(ids),
      this.events.starCounts(ids),
      session === undefined
        ? Promise.resolve(undefined)
        : this.events.starredAmong(session.userId, ids),
    ]);
    const organizerById = new Map(organizers.map((user) => [user.id, user]));

    return events.map((event) =>
      eventView(
        event,
        {
          organizer: organizerById.get(event.organizerId),
          media: media.get(event.id),
          starCount: stars.get(event.id),
          // Limitation: joining lands with event/join; until then nobody has joined.
          joinedCount: 0,
          viewer:
            starred === undefined ? undefined : { starred: starred.has(event.id), joined: false },
        },
        now,
      ),
    );
  }
}

/** The QR scene value of an event: `evt_<id>` (WeChat allows 1–64 characters). */
export function sceneOf(eventId: number): string {
  return `evt_${eventId}`;
}
