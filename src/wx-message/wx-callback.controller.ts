import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { AppConfig } from '#src/config/app-config.js';
import { CallbackQuery, WechatCallbackVerifier } from '#src/wechat/wechat-callback.verifier.js';
import { WechatException } from '#src/wechat/wechat.errors.js';
import { WxDeliveryService } from '#src/wx-message/wx-delivery.service.js';
import {
  assertWellFormed,
  InboundParseError,
  MAX_BODY_BYTES,
  parseInbound,
  screenBody,
} from '#src/wx-message/wx-inbound.js';

type Request = FastifyRequest<{ Querystring: CallbackQuery }>;

/**
 * WeChat's callback on WECHAT_CALLBACK_PATH: GET verifies the URL, POST takes messages and
 * answers with passive-reply XML. It is a plain Fastify route in its own plugin scope, not a
 * Nest controller: its path comes from config, its bodies are XML (or untyped) and its answers
 * are never the JSON envelope, so it bypasses the global interceptor and filter on purpose.
 */
@Injectable()
export class WxCallbackController implements OnModuleInit {
  private readonly logger = new Logger(WxCallbackController.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
    private readonly verifier: WechatCallbackVerifier,
    private readonly deliveries: WxDeliveryService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const path = this.config.wechatCallbackPath;
    void fastify.register((scope, _options, done) => {
      // WeChat posts text/xml, but also application/xml, text/plain or no type at all.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        '*',
        { parseAs: 'string', bodyLimit: MAX_BODY_BYTES },
        (_request, body, parsed) => parsed(null, body),
      );
      scope.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
        this.logger.debug({ msg: 'callback body refused', code: error.code });
        void reply.code(400).type('text/plain').send('bad request');
      });
      scope.get(path, (request: Request, reply) => this.verifyUrl(request, reply));
      scope.post(path, (request: Request, reply) => this.receive(request, reply));
      done();
    });
  }

  private verifyUrl(request: Request, reply: FastifyReply): FastifyReply {
    try {
      return reply.type('text/plain').send(this.verifier.verifyUrl(request.query));
    } catch (error) {
      return this.refuse(error, request, reply);
    }
  }

  private async receive(request: Request, reply: FastifyReply): Promise<FastifyReply> {
    try {
      if (!this.verifier.enabled) {
        return reply.code(503).type('text/plain').send('WeChat callback is not configured');
      }
      const body = typeof request.body === 'string' ? request.body : '';
      screenBody(body);
      const opened = this.verifier.openMessage(request.query, body);
      if (opened.encrypted) {
        assertWellFormed(body);
      }
      const message = parseInbound(opened.xml, opened.xml === body);
      const answer = await this.deliveries.respond(message, (xml) =>
        this.verifier.sealReply(opened, xml),
      );

      return reply.type(answer.startsWith('<') ? 'application/xml' : 'text/plain').send(answer);
    } catch (error) {
      return this.refuse(error, request, reply);
    }
  }

  /** Errors go to WeChat as a bare status and a word or two, never the JSON envelope. */
  private refuse(error: unknown, request: Request, reply: FastifyReply): FastifyReply {
    if (error instanceof InboundParseError) {
      this.logger.debug({
        msg: 'callback body refused',
        reqId: request.id,
        problem: error.problem,
      });

      return reply.code(400).type('text/plain').send('bad request');
    }
    if (error instanceof WechatException) {
      this.logger.debug({ msg: 'callback refused', reqId: request.id, code: error.code });

      return reply.code(error.httpStatus).type('text/plain').send(error.message);
    }

    this.logger.error({ msg: 'callback failed', reqId: request.id }, (error as Error).stack);

    return reply.code(500).type('text/plain').send('');
  }
}
