import helmet from '@fastify/helmet';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { offerDemoLogins } from './auth/login-examples';
import { buildErrorEnvelope } from './common/errors/error-envelope';
import { toAppError } from './common/errors/to-app-error';
import { NestPinoLogger, createRootLogger } from './common/logging/logger';
import { registerBodyParsers } from './common/http/body-parsers';
import { answerUndeclaredMethods } from './common/http/method-not-allowed';
import { generateRequestId } from './common/http/request-id';
import { BEARER_SCHEME, completeDocument } from './common/http/openapi/complete-document';
import { collectRouteContracts, operationIdOf } from './common/http/openapi/route-contracts';
import { RequestMediaTypeInterceptor } from './common/http/request-media-type';
import { registerRequestObservability } from './common/http/request-observability';
import { createValidationPipe } from './common/http/validation';
import type { AppConfig } from './config/app-config';
import { MetricsService } from './metrics/metrics.service';
import { SocketIoAdapter } from './realtime/socket-io.adapter';

export const DOCS_PATH = 'docs';
export const API_VERSION = '1.0.0';

export interface CreateAppOptions {
  /** Defaults to a JSON logger on stdout at the configured level. */
  logger?: Logger;
  /** Extra modules mounted beside the application's own (end-to-end specs mount probes here). */
  imports?: Array<Type | DynamicModule>;
}

/** Builds the whole application (the same one in production and in every end-to-end test). */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createRootLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    logger: false,
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: generateRequestId,
    requestIdHeader: false,
    trustProxy: config.http.trustProxy,
    // Keep-alive connections are closed on shutdown once their in-flight request is answered.
    forceCloseConnections: 'idle',
    // The router's own refusals (a malformed URL, a path parameter over maxParamLength) come
    // before any route, so the app's exception filter never sees them: rendered here instead.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { error: refusal } = toAppError(error);
      const envelope = buildErrorEnvelope(refusal.code, refusal.message, refusal.details, {
        requestId: request.id,
        userId: null,
        endpoint: request.url.split('?')[0] ?? request.url,
        method: request.method,
      });
      void reply.status(refusal.status).headers(refusal.headers).send(envelope);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger, options.imports),
    adapter,
    {
      logger: new NestPinoLogger(logger),
      abortOnError: false,
      // The app registers its own body parsers (common/http/body-parsers.ts): Nest's would add a
      // url-encoded one, and no operation takes forms.
      bodyParser: false,
    },
  );

  if (config.apiPrefix) app.setGlobalPrefix(config.apiPrefix);
  app.useWebSocketAdapter(new SocketIoAdapter(app, config));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new RequestMediaTypeInterceptor(app.get(Reflector)));
  if (config.cors.origins !== false) {
    app.enableCors({
      origin: config.cors.origins,
      credentials: true,
      exposedHeaders: ['X-Request-Id', 'X-Total-Count', 'Retry-After'],
    });
  }
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Swagger UI's page carries inline <style> blocks; its scripts (init included) are files.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
        scriptSrc: ["'self'"],
        // helmet's default would make a browser fetch every script and API call over https,
        // which leaves Swagger UI blank for anyone reaching a plain-http instance by a name other
        // than localhost (a container, a colleague's machine). Everything is same-origin, so a
        // page served over https loads nothing over http anyway.
        upgradeInsecureRequests: null,
      },
    },
  });
  await registerBodyParsers(app, { uploadLimitBytes: config.http.uploadLimitBytes });
  registerRequestObservability(app.getHttpAdapter().getInstance(), logger, app.get(MetricsService));
  answerUndeclaredMethods(app.getHttpAdapter().getInstance());
  setUpSwagger(app, config);
  return app;
}

function setUpSwagger(app: NestFastifyApplication, config: AppConfig): void {
  const document = createOpenApiDocument(app, config);
  const docsPath = config.apiPrefix ? `${config.apiPrefix}/${DOCS_PATH}` : DOCS_PATH;
  SwaggerModule.setup(docsPath, app, document, {
    jsonDocumentUrl: `${docsPath}-json`,
    yamlDocumentUrl: `${docsPath}-yaml`,
  });
}

/**
 * The OpenAPI document of an application (served at /docs-json; client generators and
 * `npm run test:contract` read it from there). The routes' own metadata
 * completes what @nestjs/swagger reads: validation rules, access, pipes and declared errors (see
 * common/http/openapi/).
 */
function createOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const contracts = collectRouteContracts(app);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Helpdesk API')
      .setDescription(
        'AI-first internal helpdesk: tickets screened and routed by AI, live chat, knowledge base, misuse detection. ' +
          'Errors always use the envelope `{"error": {code, message, details, timestamp, request_id, context}}`.',
      )
      .setVersion(API_VERSION)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
      // No scheme or host: clients resolve the URL against the address they fetched the document
      // from, which for Swagger UI is this very app, so "Try it out" calls the instance it is
      // looking at under any host name or port. API_PREFIX is a path a proxy forwards unchanged,
      // so it belongs here (a proxy that strips a path prefix would have to be told to add it back).
      .addServer(`/${config.apiPrefix}`, 'This server (the address Swagger UI was loaded from)')
      .build(),
    // Paths as SPEC §5 lists them; the prefix lives once, in the server URL.
    { ignoreGlobalPrefix: true, operationIdFactory: operationIdOf },
  );
  completeDocument(document, contracts);
  if (config.nodeEnv === 'development') offerDemoLogins(document);
  return document;
}
