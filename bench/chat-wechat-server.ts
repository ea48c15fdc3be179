// Baseline 2 of the chat callback benchmark: the npm `wechat` package (node-webot, the
// long-standing Node peer) on Express, doing the same Map lookup as the bare baseline and
// replying the same news article. Started by bench/chat.bench.ts; settings from BASELINE_ENV.
import { createRequire } from 'node:module';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import {
  baselineSetup,
  READY_LINE,
  codeKey,
  newsDescription,
  newsUrl,
  NEWS_PIC_URL,
} from './chat-wire.js';

// Neither package ships types; these are the few members used here.
interface NewsArticle {
  title: string;
  description: string;
  picurl: string;
  url: string;
}
interface WechatRequest extends IncomingMessage {
  weixin: { Content?: string };
}
interface WechatResponse extends ServerResponse {
  reply(content: string | NewsArticle[]): void;
}
type Handler = (request: WechatRequest, response: WechatResponse) => void;
type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;
interface ExpressApp {
  use(path: string, middleware: Middleware): void;
  listen(port: number, host: string, ready: () => void): Server;
}

const require = createRequire(import.meta.url);
const express = require('express') as () => ExpressApp;
const wechat = require('wechat') as (token: string, handler: Handler) => Middleware;

const { token, port, byCode } = baselineSetup();

const app = express();
app.use(
  '/wx',
  wechat(token, (request, response) => {
    const content = request.weixin.Content ?? '';
    const event = content.startsWith('#') ? byCode.get(codeKey(content.slice(1))) : undefined;
    if (event === undefined) {
      response.reply('');

      return;
    }
    response.reply([
      {
        title: event.title,
        description: newsDescription(event),
        picurl: NEWS_PIC_URL,
        url: newsUrl(event),
      },
    ]);
  }),
);
const server = app.listen(port, '127.0.0.1', () => console.log(READY_LINE));
server.keepAliveTimeout = 65_000;
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
