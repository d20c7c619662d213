import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Router } from 'express';
import { z } from 'zod';
import {
  ERROR_CODES,
  MAX_SWIPES_PER_BATCH,
  SWIPE_HEADERS,
  SWIPE_SIGNATURE_TOLERANCE_S,
  SwipeIn,
  SwipeIngestBody,
  SwipeIngestResponseSchema,
  SwipePageSchema,
  SwipeQuery,
  SwipeRecordSchema,
  Terminal,
  TerminalMappingRequest,
  type WireError,
} from '@clinicwall/contract';

const ErrorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional().describe('per-field messages keyed by dotted path'),
  }),
});
const _errorShape: z.infer<typeof ErrorBody>['error'] extends WireError ? true : never = true;

type Json = Record<string, unknown>;

/** JSON Schemas of the contract's zod schemas, as OpenAPI components with $refs between them. */
function componentSchemas(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  const named = {
    SwipeIn,
    SwipeIngestBody,
    SwipeRecord: SwipeRecordSchema,
    SwipeIngestResponse: SwipeIngestResponseSchema,
    SwipePage: SwipePageSchema,
    Terminal,
    TerminalMappingRequest,
    Error: ErrorBody,
  };
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  const schemas: Record<string, Json> = {};
  for (const [id, s] of Object.entries(out.schemas)) {
    const { $schema: _drop, $id: _id, ...rest } = s;
    schemas[id] = rest;
  }
  return schemas;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ content: { 'application/json': { schema: ref(id) } } });
const error = (description: string) => ({ description, ...json('Error') });

function queryParameters(): Json[] {
  const schema = z.toJSONSchema(SwipeQuery, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, Json>;
  };
  const describe: Record<string, string> = {
    from: 'occurred at or after (ISO 8601 with offset)',
    to: 'occurred at or before',
    before: 'cursor: the nextBefore of the previous page',
    limit: 'page size (1-200, default 50)',
    cardHash: 'the keyed hash of a card, as in SwipeRecord.cardHash',
  };
  return Object.entries(schema.properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: false,
    schema: s,
    ...(describe[name] ? { description: describe[name] } : {}),
  }));
}

/** The OpenAPI 3.1 description of the swipe API, generated from the contract's zod schemas. */
export function swipeOpenApi(version: string): Json {
  const header = (name: string, description: string, pattern: string) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string', pattern },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'ClinicWall swipe API',
      version,
      description: [
        'Insurance-card swipes posted by the insurance system, pushed live onto the camera tile of the terminal.',
        '',
        `**Signing.** Every POST /swipes carries \`${SWIPE_HEADERS.integration}\` (the integration id),`,
        `\`${SWIPE_HEADERS.timestamp}\` (unix seconds) and \`${SWIPE_HEADERS.signature}\` =`,
        '`sha256=` + hex HMAC-SHA256(secret, `<timestamp>.<raw body>`). A timestamp more than',
        `${SWIPE_SIGNATURE_TOLERANCE_S} s from the server clock is refused.`,
        '',
        '**Idempotency.** A swipe is stored once per (integration, swipeId); a repeat answers `duplicate`',
        'with the original event id. A 2xx means the swipes are durably stored.',
        '',
        '**Privacy.** The card number is reduced to its last four digits and a keyed hash on arrival;',
        'the holder name is masked. Neither is stored, logged or echoed in full.',
      ].join('\n'),
    },
    servers: [{ url: '/api/v1' }],
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'cw_session',
          description: 'the session cookie set by POST /auth/login',
        },
      },
    },
    paths: {
      '/swipes': {
        post: {
          summary: `Post one swipe, or a batch of up to ${MAX_SWIPES_PER_BATCH}`,
          operationId: 'postSwipes',
          parameters: [
            header(SWIPE_HEADERS.integration, 'integration id', '^[A-Za-z0-9][\\w.-]{0,63}$'),
            header(SWIPE_HEADERS.timestamp, 'unix time in seconds', '^\\d{1,12}$'),
            header(
              SWIPE_HEADERS.signature,
              'sha256=<hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)>',
              '^sha256=[0-9a-f]{64}$',
            ),
          ],
          requestBody: { required: true, ...json('SwipeIngestBody') },
          responses: {
            '201': { description: 'at least one swipe was stored', ...json('SwipeIngestResponse') },
            '200': { description: 'every swipe was a duplicate (nothing new stored)', ...json('SwipeIngestResponse') },
            '400': error('invalid body: per-field messages; nothing was stored'),
            '401': error('missing or bad signature, unknown integration, or timestamp outside the window'),
            '413': error('body too large'),
            '429': {
              ...error('too many swipes from this integration'),
              headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } },
            },
            '503': error('ingest not configured, or the store unavailable: retry'),
          },
        },
        get: {
          summary: 'List swipes, newest first, with filters and a cursor',
          operationId: 'listSwipes',
          security: [{ session: [] }],
          parameters: queryParameters(),
          responses: {
            '200': { description: "a page (of the swipes in the caller's regions)", ...json('SwipePage') },
            '400': error('invalid query'),
            '401': error('not signed in'),
            '403': error("a camera, terminal or clinic outside the caller's regions"),
          },
        },
      },
      '/swipes/unmapped': {
        get: {
          summary: 'Swipes at terminals mapped to no camera (admin)',
          operationId: 'listUnmappedSwipes',
          security: [{ session: [] }],
          parameters: queryParameters().filter((p) => p.name !== 'flag'),
          responses: {
            '200': { description: 'a page', ...json('SwipePage') },
            '401': error('not signed in, or a wrong admin token'),
            '403': error('not an admin'),
          },
        },
      },
      '/terminals/{id}': {
        put: {
          summary: 'Map a terminal to the camera that sees it, or to none (admin)',
          operationId: 'mapTerminal',
          security: [{ session: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, ...json('TerminalMappingRequest') },
          responses: {
            '200': { description: 'the terminal', ...json('Terminal') },
            '400': error('unknown camera, or a camera of another clinic'),
            '401': error('not signed in, or a wrong admin token'),
            '403': error('not an admin'),
            '404': error('unknown terminal'),
          },
        },
      },
    },
  };
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>ClinicWall API</title><link rel="stylesheet" href="swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="swagger-ui-bundle.js"></script><script src="init.js"></script></body>
</html>`;
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '../openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/** GET /openapi.json, and a readable page at /docs/ (Swagger UI, served from this origin). */
export function createOpenApiRouter(version: string): Router {
  const doc = swipeOpenApi(version);
  const r = express.Router();
  r.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  r.get('/docs', (req, res, next) => {
    if (req.originalUrl.endsWith('/')) return next();
    res.redirect(301, `${req.originalUrl}/`);
  });
  r.get('/docs/', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  r.get('/docs/init.js', (_req, res) => {
    res.type('js').send(DOCS_INIT);
  });
  const require = createRequire(import.meta.url);
  const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
  r.use('/docs', express.static(swaggerDir, { index: false, maxAge: '1d' }));
  return r;
}
