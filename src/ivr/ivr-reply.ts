/** One news (图文) article; WeChat shows one per reply since 2018-10-12. */
export interface NewsArticle {
  title: string;
  description: string;
  url: string;
  picUrl: string;
}

/** What a command or event handler answers; the callback renders it as passive-reply XML. */
export type ChatReply =
  | { type: 'text'; content: string }
  | { type: 'news'; article: Readonly<NewsArticle> }
  /** Nothing to say: the callback answers `success`. */
  | { type: 'none' };

export const NO_REPLY: ChatReply = { type: 'none' };

/**
 * A reply now, or a promise of one. Handlers whose data is in memory answer at once: a message
 * answered that way needs no promise chain and no deadline timer (this is the usual `#code`).
 */
export type ReplyOrPromise = ChatReply | Promise<ChatReply>;

export function textReply(content: string): ChatReply {
  return { type: 'text', content };
}
