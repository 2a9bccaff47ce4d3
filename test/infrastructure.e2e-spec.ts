import { Body, Controller, Get, Logger, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DomainError } from '@serial/domain';
import { EVENT_STORE, EventStore, StoreUnavailableError } from '@serial/event-store';
import { READ_STORE, type ReadStore } from '@serial/read-models';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createApp } from '../apps/api/src/app.factory';
import { CurrentUser, Roles } from '../apps/api/src/auth/auth.decorators';
import { signToken, type AuthenticatedUser, type Role, loadConfig } from '@serial/runtime';

class RangeDto {
  @IsString() first!: string;
  @IsInt() @Min(1) count!: number;
}

class ProbeCommandDto {
  @IsString() productId!: string;
  @IsArray() @IsString({ each: true }) serialNumbers!: string[];
  @IsOptional() @ValidateNested() @Type(() => RangeDto) range?: RangeDto;
}

/** Test-only routes: the product has no dummy routes to exercise the guard, pipe and filter with. */
@Controller('v1/probe')
class ProbeController {
  @Roles('reporter') @Get('read') read(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }
  @Roles('operator') @Post('command') command(@Body() body: ProbeCommandDto) {
    return body;
  }
  @Get('undecorated') undecorated() {
    return { ok: true };
  }
  @Roles('operator') @Post('domain-error') domainError() {
    throw DomainError.fromViolations([
      {
        serialNumber: 'SN-1',
        code: 'SERIAL_NOT_AT_LOCATION',
        detail: 'Serial number SN-1 is not at WH/Stock',
      },
      { serialNumber: 'SN-2', code: 'SERIAL_RESERVED', detail: 'Serial number SN-2 is reserved for SO-1' },
    ]);
  }
  @Roles('operator') @Get('crash') crash() {
    throw new Error('secret internals at /srv/app');
  }
  @Roles('operator') @Get('store-down') storeDown() {
    throw new StoreUnavailableError('SQLITE_IOERR on /srv/data/events.sqlite');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const PROBLEM_JSON = /^application\/problem\+json/;

describe('HTTP infrastructure (e2e)', () => {
  let app: NestFastifyApplication;
  let dataDir: string;
  let secret: string;
  const warn = jest.spyOn(Logger.prototype, 'warn');
  const token = (roles: Role[], sub = 'alice') => `Bearer ${signToken(secret, { sub, roles }, '1h')}`;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'serial-e2e-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir }), { logger: false, imports: [ProbeModule] });
    secret = fs.readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim();
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    warn.mockRestore();
  });

  describe('operations', () => {
    it('GET /health is alive without a token', async () => {
      await http().get('/health').expect(200, { status: 'ok' });
    });

    it('GET /health/ready reports the event store and the read store up', async () => {
      await http()
        .get('/health/ready')
        .expect(200, { status: 'ready', checks: { eventStore: 'up', readStore: 'up' } });
    });

    it('GET /health/ready is 503 when the event store cannot serve', async () => {
      const eventStore = app.get<EventStore>(EVENT_STORE);
      jest.spyOn(eventStore, 'ping').mockRejectedValueOnce(new StoreUnavailableError('gone'));
      await http()
        .get('/health/ready')
        .expect(503, { status: 'unavailable', checks: { eventStore: 'down', readStore: 'up' } });
      // Back as soon as the store answers again.
      await http()
        .get('/health/ready')
        .expect(200, { status: 'ready', checks: { eventStore: 'up', readStore: 'up' } });
    });

    it('GET /health/ready is 503 when the read store cannot serve, and back when it returns', async () => {
      const readStore = app.get<ReadStore>(READ_STORE);
      jest.spyOn(readStore, 'ping').mockRejectedValueOnce(new StoreUnavailableError('gone'));
      await http()
        .get('/health/ready')
        .expect(503, { status: 'unavailable', checks: { eventStore: 'up', readStore: 'down' } });
      await http().get('/health/ready').expect(200);
    });

    it('GET /docs-json is an OpenAPI 3 document with bearer auth', async () => {
      const response = await http().get('/docs-json').expect(200).expect('content-type', /json/);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(response.body.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      expect(response.body.paths['/health/ready']).toBeDefined();
      const read = response.body.paths['/v1/probe/read'].get;
      expect(read.security).toEqual([{ bearer: [] }]);
      // The problem document, its `code` narrowed to what the route can answer with.
      expect(read.responses['403'].content['application/problem+json'].schema).toEqual({
        allOf: [
          { $ref: '#/components/schemas/ProblemDetails' },
          {
            type: 'object',
            required: ['code'],
            properties: { code: { type: 'string', enum: ['FORBIDDEN'] } },
          },
        ],
      });
      expect(response.body.components.schemas.ProblemDetails.required).toEqual(
        expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']),
      );
    });

    it('GET /docs serves Swagger UI and the assets it loads', async () => {
      const page = await http()
        .get('/docs')
        .expect(200)
        .expect('content-type', /text\/html/);
      for (const asset of page.text.match(/\/docs\/[\w.-]+\.(js|css|png)/g) ?? []) {
        await http().get(asset).expect(200);
      }
      expect(page.text).toContain('swagger-ui-bundle.js');
      // SwaggerModule's initializer, with the served document in it.
      const init = await http().get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toContain('"title": "Serial-number tracking API"');
    });

    it('serves nothing else from the swagger-ui-dist folder', async () => {
      await http().get('/docs/package.json').expect(404).expect('content-type', PROBLEM_JSON);
      await http().get('/docs/swagger-initializer.js').expect(404);
      await http().get('/docs/..%2F..%2Fpackage.json').expect(404);
    });

    it('answers an unknown route with a 404 problem', async () => {
      const response = await http().get('/v1/nowhere').expect(404).expect('content-type', PROBLEM_JSON);
      expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND', type: expect.any(String) });
    });

    it('tags every response with a request id, keeping a caller-supplied one', async () => {
      const generated = await http().get('/health').expect(200);
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      await http().get('/health').set('X-Request-Id', 'erp-42').expect('x-request-id', 'erp-42');
    });
  });

  describe('development secret', () => {
    it('is generated owner-only into DATA_DIR', () => {
      expect(fs.statSync(path.join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    });

    it('comes with a logged admin token that works', async () => {
      const message = warn.mock.calls.map(([m]) => String(m)).find((m) => m.includes('AUTH_JWT_SECRET'));
      expect(message).toContain('development');
      const logged = /token[^:]*: (\S+)$/.exec(message ?? '')?.[1];
      await http()
        .get('/v1/probe/undecorated')
        .set('Authorization', `Bearer ${logged}`)
        .expect(200, { ok: true });
    });
  });

  describe('authentication and roles', () => {
    const raw = (header: object, payload: object, key = secret) => {
      const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
      const body = `${encode(header)}.${encode(payload)}`;
      return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
    };
    const now = () => Math.floor(Date.now() / 1000);

    it.each<[string, () => string | undefined]>([
      ['no token', () => undefined],
      ['a bad signature', () => `Bearer ${signToken('x'.repeat(40), { sub: 'a', roles: ['admin'] }, '1h')}`],
      [
        'an expired token',
        () => `Bearer ${raw({ alg: 'HS256' }, { sub: 'a', roles: ['admin'], exp: now() - 5 })}`,
      ],
      [
        'alg none',
        () => `Bearer ${raw({ alg: 'none' }, { sub: 'a', roles: ['admin'] }).replace(/[^.]+$/, '')}`,
      ],
      ['no sub', () => `Bearer ${raw({ alg: 'HS256', typ: 'JWT' }, { roles: ['admin'] })}`],
    ])('rejects %s with 401 UNAUTHENTICATED', async (_case, authorization) => {
      const call = http().get('/v1/probe/read');
      const header = authorization();
      if (header !== undefined) void call.set('Authorization', header);
      const response = await call.expect(401).expect('content-type', PROBLEM_JSON);
      expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('rejects a token without the role with 403 FORBIDDEN', async () => {
      const response = await http()
        .get('/v1/probe/read')
        .set('Authorization', token(['operator']))
        .expect(403);
      expect(response.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    });

    it('lets an auditor read what a reporter reads, and hands the user to the route', async () => {
      await http()
        .get('/v1/probe/read')
        .set('Authorization', token(['auditor'], 'carol'))
        .expect(200, { userId: 'carol', roles: ['auditor'] });
    });

    it('keeps a route without @Roles for admins', async () => {
      await http()
        .get('/v1/probe/undecorated')
        .set('Authorization', token(['operator', 'auditor']))
        .expect(403);
      await http()
        .get('/v1/probe/undecorated')
        .set('Authorization', token(['admin']))
        .expect(200);
    });
  });

  describe('request bodies', () => {
    const post = (body: string | object, contentType = 'application/json') =>
      http()
        .post('/v1/probe/command')
        .set('Authorization', token(['operator']))
        .set('Content-Type', contentType)
        .send(typeof body === 'string' ? body : JSON.stringify(body));

    it('accepts a valid body', async () => {
      const body = { productId: 'P-1', serialNumbers: ['SN-1'], range: { first: 'SN-1', count: 2 } };
      await post(body).expect(201, body);
    });

    it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
      const response = await post('{"productId": ').expect(400).expect('content-type', PROBLEM_JSON);
      expect(response.body).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'body', message: expect.stringContaining('is not valid JSON') }],
      });
    });

    it('refuses prototype poisoning as invalid JSON', async () => {
      const response = await post('{"productId":"P","serialNumbers":[],"__proto__":{"admin":true}}').expect(
        400,
      );
      expect(response.body.errors).toEqual([
        { field: 'body', message: expect.stringContaining('__proto__') },
      ]);
    });

    it('names an unknown field and every other failing field', async () => {
      const response = await post({
        productId: 1,
        serialNumbers: ['SN-1'],
        range: { first: 'A', count: 0 },
        color: 'red',
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'color', message: 'property color should not exist' },
          { field: 'productId', message: expect.any(String) },
          { field: 'range.count', message: expect.any(String) },
        ]),
      );
    });

    it.each(['null', '[]', '"text"', '42'])(
      'answers a body of %j with 400 VALIDATION_FAILED',
      async (body) => {
        const response = await post(body).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      },
    );

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
      'answers %s with 415 UNSUPPORTED_MEDIA_TYPE',
      async (contentType) => {
        const response = await post('productId=P', contentType)
          .expect(415)
          .expect('content-type', PROBLEM_JSON);
        expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      },
    );

    it('reads an empty JSON body as no body, so each missing field is named', async () => {
      const response = await post('').expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['productId', 'serialNumbers']),
      );
    });

    it('answers a body over 16 MiB with 413 PAYLOAD_TOO_LARGE', async () => {
      const huge = JSON.stringify({ productId: 'P', serialNumbers: ['x'.repeat(17 * 1024 * 1024)] });
      const response = await post(huge).expect(413).expect('content-type', PROBLEM_JSON);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('errors', () => {
    const get = (url: string) =>
      http()
        .get(url)
        .set('Authorization', token(['operator']));

    it('maps a domain error to its status, naming every serial and its reason', async () => {
      const response = await http()
        .post('/v1/probe/domain-error')
        .set('Authorization', token(['operator']))
        .expect(409)
        .expect('content-type', PROBLEM_JSON);
      expect(response.body).toMatchObject({
        type: 'https://serial-tracking/problems/serial-not-at-location',
        code: 'SERIAL_NOT_AT_LOCATION',
        serialNumbers: ['SN-1', 'SN-2'],
        errors: [
          { field: 'serialNumbers', serialNumber: 'SN-1', code: 'SERIAL_NOT_AT_LOCATION' },
          { field: 'serialNumbers', serialNumber: 'SN-2', code: 'SERIAL_RESERVED' },
        ],
      });
    });

    it('answers an unexpected error with 500 INTERNAL_ERROR and no internals', async () => {
      const response = await get('/v1/probe/crash').expect(500).expect('content-type', PROBLEM_JSON);
      expect(response.body).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
      expect(response.text).not.toMatch(/secret|\/srv|at .*\.ts/);
    });

    it('answers an unreachable store with 503 STORE_UNAVAILABLE', async () => {
      const response = await get('/v1/probe/store-down').expect(503).expect('retry-after', '1');
      expect(response.body).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(response.text).not.toContain('/srv');
    });
  });
});
