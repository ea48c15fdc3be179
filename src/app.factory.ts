import 'reflect-metadata';

import { DynamicModule, Logger, LoggerService, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';

import { AppModule } from '#src/app.module.js';
import { AppLogger } from '#src/common/app-logger.js';
import { EnvelopeInterceptor } from '#src/common/envelope.interceptor.js';
import { AllExceptionsFilter } from '#src/common/exception.filter.js';
import { createValidationPipe } from '#src/common/validation.js';
import { AppConfig } from '#src/config/app-config.js';

export const BODY_LIMIT_BYTES = 64 * 1024;
const REQUEST_ID = /^[\w.-]{1,64}$/;

export interface CreateAppOptions {
  logger?: LoggerService;
  /** Extra modules, for tests that need a probe route. */
  imports?: (Type | DynamicModule)[];
}

/** Builds the whole application (not yet listening): used by main.ts and by the e2e tests. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const logger = options.logger ?? new AppLogger(config.logLevel, config.logFormat);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: true,
    requestIdHeader: false,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];

      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.imports),
    adapter,
    { logger, abortOnError: false, bodyParser: false },
  );

  // The request line is logged at info: at warn or error its hook is not installed at all.
  installHttpHooks(app, config.logLevel === 'debug' || config.logLevel === 'info');
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalInterceptors(new EnvelopeInterceptor());
  app.useGlobalPipes(createValidationPipe());

  return app;
}

function installHttpHooks(app: NestFastifyApplication, logRequests: boolean): void {
  const fastify = app.getHttpAdapter().getInstance();
  const logger = new Logger('Http');

  // An empty JSON body means `{}` (SPEC: an empty body lists page 1), not an error.
  // The API speaks JSON only; modules that take other bodies (the XML callback) add parsers.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') {
      done(null, {});

      return;
    }
    void parseJson(request, text, done);
  });

  // Shutdown finishes in-flight requests; their keep-alive sockets must not hold it open after.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) {
      void reply.header('connection', 'close');
    }
    done(null, payload);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (request.method === 'POST' && request.body === undefined) {
      request.body = {};
    }
    done();
  });
  if (!logRequests) {
    return;
  }
  fastify.addHook('onResponse', (request, reply, done) => {
    logger.log({
      msg: 'request',
      reqId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    });
    done();
  });
}
