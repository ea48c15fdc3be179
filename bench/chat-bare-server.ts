// Baseline 1 of the chat callback benchmark: a bare node:http server doing the minimum a WeChat
// `#code` callback must do. Signature check, fast-xml-parser, a Map lookup, a fixed-template
// news reply. Started by bench/chat.bench.ts; reads its settings from BASELINE_ENV.
import { createServer } from 'node:http';

import { XMLParser } from 'fast-xml-parser';

import { baselineSetup, READY_LINE, codeKey, newsReplyXml, signatureValid } from './chat-wire.js';

const MAX_BODY_BYTES = 64 * 1024;

interface TextMessage {
  ToUserName?: string;
  FromUserName?: string;
  MsgType?: string;
  Content?: string;
}

const { token, port, byCode } = baselineSetup();
// No entities, no DTDs, every value a string (a MsgId does not fit in a double).
const parser = new XMLParser({ processEntities: false, parseTagValue: false });

const server = createServer((request, response) => {
  const at = request.url?.indexOf('?') ?? -1;
  const query = new URLSearchParams(at < 0 ? '' : request.url?.slice(at + 1));
  if (!signatureValid(token, query.get('signature'), query.get('timestamp'), query.get('nonce'))) {
    response.writeHead(401).end();
    request.resume();

    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      response.writeHead(413).end();
      request.destroy();

      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    let message: TextMessage | undefined;
    try {
      message = (parser.parse(Buffer.concat(chunks).toString('utf8')) as { xml?: TextMessage }).xml;
    } catch {
      message = undefined;
    }
    if (message?.FromUserName === undefined || message.ToUserName === undefined) {
      response.writeHead(400).end();

      return;
    }
    const content = message.Content ?? '';
    const event = content.startsWith('#') ? byCode.get(codeKey(content.slice(1))) : undefined;
    if (event === undefined) {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('success');

      return;
    }
    const body = newsReplyXml(
      message.FromUserName,
      message.ToUserName,
      event,
      Math.floor(Date.now() / 1000),
    );
    response.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' }).end(body);
  });
});

server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(READY_LINE));
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
