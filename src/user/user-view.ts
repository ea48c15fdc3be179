import { formatShanghai } from '#src/common/time.js';
import { UserEntity } from '#src/user/user.entity.js';

/** What anyone may see of a person. Never the mobile number. */
export interface PublicUserView {
  openid: string;
  nickname: string | null;
  avatar: string | null;
  city: string | null;
  /** Limitation: people rate each other with user/rate, which has not landed yet. */
  rating: { count: number; average: number | null };
}

/** What the person sees of themselves. */
export interface OwnUserView extends PublicUserView {
  id: number;
  sex: number | null;
  province: string | null;
  country: string | null;
  mobile: string | null;
  tagprefs: string[];
  subscribed: boolean;
  created_at: string;
}

export function publicUserView(user: UserEntity): PublicUserView {
  return {
    openid: user.openid,
    nickname: user.nickname,
    avatar: user.avatarUrl,
    city: user.city,
    rating: { count: 0, average: null },
  };
}

export function ownUserView(user: UserEntity): OwnUserView {
  return {
    ...publicUserView(user),
    id: user.id,
    sex: user.sex,
    province: user.province,
    country: user.country,
    mobile: user.mobile,
    tagprefs: parseTagPrefs(user.tagPrefs),
    subscribed: user.subscribed,
    created_at: formatShanghai(user.createdAt),
  };
}

export function parseTagPrefs(stored: string): string[] {
  try {
    const parsed: unknown = JSON.parse(stored);

    return Array.isArray(parsed) ? parsed.filter((tag) => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}
