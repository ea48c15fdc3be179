import { Injectable } from '@nestjs/common';

import { EventSearchService } from '#src/event/event-search.service.js';
import { EventArticleService } from '#src/ivr/event-article.service.js';
import { IvrCommand, IvrCommandHandler, IvrContext } from '#src/ivr/ivr-command.js';
import { ChatReply, NewsArticle, ReplyOrPromise, textReply } from '#src/ivr/ivr-reply.js';

const CLOSE_CODES = 3;
/** How many leading characters the looser search for close codes tries, longest first. */
const LOOSE_PREFIX_MAX = 3;

export const CODE_USAGE =
  '发送 # 加活动番号查找活动，例如 #大王派我来巡山（番号不区分大小写，记不全也能搜）。';

/** `#<code>`: the best match of the code search, as the event's news article. */
@IvrCommand({
  triggers: ['#'],
  usage: '#番号 — 按番号查找活动，例如 #大王派我来巡山',
  pure: true,
})
@Injectable()
export class CodeCommand implements IvrCommandHandler {
  constructor(
    private readonly search: EventSearchService,
    private readonly articles: EventArticleService,
  ) {}

  /** At once when the best match's article is cached: the search itself is in memory. */
  handle({ argument }: IvrContext): ReplyOrPromise {
    if (argument === '') {
      return textReply(CODE_USAGE);
    }

    const best = this.search.search(argument, 1).at(0);
    if (best === undefined) {
      return this.notFound(argument);
    }
    const article = this.articles.byId(best.id);

    return article instanceof Promise
      ? article.then((found) => this.answer(argument, found))
      : this.answer(argument, article);
  }

  private answer(argument: string, article: Readonly<NewsArticle> | undefined): ChatReply {
    return article === undefined ? this.notFound(argument) : { type: 'news', article };
  }

  private notFound(argument: string): ChatReply {
    const close = this.closeCodes(argument);

    return textReply(
      close.length === 0
        ? `没有找到番号为「${argument}」的活动，也没有相近的番号。`
        : `没有找到番号为「${argument}」的活动。相近的番号：${close.map((c) => `#${c}`).join('、')}`,
    );
  }

  /** Codes sharing the query's first few characters, for a "did you mean". */
  private closeCodes(query: string): string[] {
    const chars = [...query];
    for (let length = Math.min(chars.length - 1, LOOSE_PREFIX_MAX); length >= 1; length -= 1) {
      const found = this.search.search(chars.slice(0, length).join(''), CLOSE_CODES);
      if (found.length > 0) {
        return found.map((result) => result.code);
      }
    }

    return [];
  }
}
