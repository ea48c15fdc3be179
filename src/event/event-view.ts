import { formatShanghai } from '#src/common/time.js';
import { EventEntity, EventMediaEntity } from '#src/event/event.entity.js';
import { UserEntity } from '#src/user/user.entity.js';

export interface PublicProfile {
  openid: string;
  nickname: string | null;
  avatar: string | null;
  city: string | null;
}

export interface EventView {
  code: string;
  title: string;
  time: string;
  aacost: number;
  tag: string;
  expectsignups: number;
  agerange: number;
  location: string;
  address: string;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
  status: string;
  finished: boolean;
  organizer: PublicProfile | null;
  images: { url: string }[];
  joined_count: number;
  seats_left: number;
  star_count: number;
  starred?: boolean;
  joined?: boolean;
}

export function publicProfile(user: UserEntity): PublicProfile {
  return { openid: user.openid, nickname: user.nickname, avatar: user.avatarUrl, city: user.city };
}

export interface EventViewParts {
  organizer?: UserEntity;
  media?: EventMediaEntity[];
  starCount?: number;
  joinedCount?: number;
  viewer?: { starred: boolean; joined: boolean };
}

/** The API shape of an event; only synced images have a public URL to show. */
export function eventView(event: EventEntity, parts: EventViewParts, now = new Date()): EventView {
  const joined = parts.joinedCount ?? 0;

  return {
    code: event.code,
    title: event.title,
    time: formatShanghai(event.startsAt),
    aacost: event.aaCostFen / 100,
    tag: event.tag,
    expectsignups: event.expectSignups,
    agerange: event.ageRange,
    location: event.location,
    address: event.address,
    city: event.city,
    latitude: event.latitude,
    longitude: event.longitude,
    status: event.status,
    finished: event.startsAt.getTime() < now.getTime(),
    organizer: parts.organizer === undefined ? null : publicProfile(parts.organizer),
    images: (parts.media ?? [])
      .filter((image) => image.syncState === 'synced' && image.publicUrl !== null)
      .map((image) => ({ url: image.publicUrl as string })),
    joined_count: joined,
    seats_left: Math.max(event.expectSignups - joined, 0),
    star_count: parts.starCount ?? 0,
    ...(parts.viewer ?? {}),
  };
}
