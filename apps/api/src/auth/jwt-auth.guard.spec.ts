import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { Public, REQUEST_USER, Roles } from './auth.decorators';
import { JwtAuthGuard } from './jwt-auth.guard';
import { signToken, Role } from '@serial/runtime';

const SECRET = 's'.repeat(40);

class Routes {
  @Public() health(): void {}
  @Roles('reporter') read(): void {}
  @Roles('operator') command(): void {}
  @Roles('auditor') audit(): void {}
  @Roles('operator', 'reporter') either(): void {}
  undecorated(): void {}
}

@Roles('reporter')
class ReporterController {
  list(): void {}
  @Roles('admin') rebuild(): void {}
}

type Handler = keyof Routes | keyof ReporterController;

function contextFor(handler: Handler, authorization?: string, controller: object = Routes) {
  const request: Record<string | symbol, unknown> = { headers: { authorization } };
  const proto = (controller as { prototype: Record<string, () => void> }).prototype;
  const context = {
    getHandler: () => proto[handler],
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

const guard = new JwtAuthGuard(new Reflector(), new JwtService({ secret: SECRET }));
const bearer = (roles: Role[], sub = 'alice') => `Bearer ${signToken(SECRET, { sub, roles }, '1h')}`;

function rawToken(header: object, payload: object, secret = SECRET): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('JwtAuthGuard', () => {
  it('lets anyone through a @Public() route', () => {
    expect(guard.canActivate(contextFor('health').context)).toBe(true);
  });

  it('puts the user on the request', () => {
    const { context, request } = contextFor('read', bearer(['reporter', 'operator']));
    expect(guard.canActivate(context)).toBe(true);
    expect(request[REQUEST_USER]).toEqual({ userId: 'alice', roles: ['reporter', 'operator'] });
  });

  it.each<[Handler, Role[], boolean]>([
    ['read', ['reporter'], true],
    ['read', ['auditor'], true],
    ['read', ['admin'], true],
    ['read', ['operator'], false],
    ['audit', ['auditor'], true],
    ['audit', ['reporter'], false],
    ['command', ['operator'], true],
    ['command', ['admin'], true],
    ['command', ['auditor', 'reporter'], false],
    ['either', ['operator'], true],
    ['either', ['auditor'], true],
    ['undecorated', ['operator', 'reporter', 'auditor'], false],
    ['undecorated', ['admin'], true],
    ['read', [], false],
  ])('%s with roles %j: allowed=%s', (handler, roles, allowed) => {
    const run = () => guard.canActivate(contextFor(handler, bearer(roles)).context);
    if (allowed) expect(run()).toBe(true);
    else expect(run).toThrow(ForbiddenException);
  });

  it('takes the controller roles unless the handler names its own', () => {
    const reporter = bearer(['reporter']);
    expect(guard.canActivate(contextFor('list', reporter, ReporterController).context)).toBe(true);
    expect(() => guard.canActivate(contextFor('rebuild', reporter, ReporterController).context)).toThrow(
      ForbiddenException,
    );
  });

  it('ignores unknown role names', () => {
    const token = rawToken({ alg: 'HS256', typ: 'JWT' }, { sub: 'bob', roles: ['superuser', 'reporter'] });
    const { context, request } = contextFor('read', `Bearer ${token}`);
    expect(guard.canActivate(context)).toBe(true);
    expect(request[REQUEST_USER]).toEqual({ userId: 'bob', roles: ['reporter'] });
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each<[string, string | undefined]>([
    ['no header', undefined],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['an empty bearer', 'Bearer '],
    ['garbage', 'Bearer not-a-jwt'],
    ['a wrong signature', `Bearer ${signToken('x'.repeat(40), { sub: 'a', roles: ['admin'] }, '1h')}`],
    [
      'an expired token',
      `Bearer ${rawToken({ alg: 'HS256' }, { sub: 'a', roles: ['admin'], exp: now() - 1 })}`,
    ],
    ['alg none', `Bearer ${rawToken({ alg: 'none' }, { sub: 'a', roles: ['admin'] }).replace(/[^.]+$/, '')}`],
    [
      'HS512',
      `Bearer ${new JwtService().sign({ sub: 'a', roles: ['admin'] }, { secret: SECRET, algorithm: 'HS512' })}`,
    ],
    ['no sub', `Bearer ${rawToken({ alg: 'HS256' }, { roles: ['admin'] })}`],
    ['an empty sub', `Bearer ${rawToken({ alg: 'HS256' }, { sub: ' ', roles: ['admin'] })}`],
    ['a numeric sub', `Bearer ${rawToken({ alg: 'HS256' }, { sub: 42, roles: ['admin'] })}`],
    ['roles not an array', `Bearer ${rawToken({ alg: 'HS256' }, { sub: 'a', roles: 'admin' })}`],
  ])('rejects %s with 401', (_case, authorization) => {
    expect(() => guard.canActivate(contextFor('read', authorization).context)).toThrow(UnauthorizedException);
  });

  it('says when a token has expired', () => {
    const token = rawToken({ alg: 'HS256' }, { sub: 'a', roles: ['admin'], exp: now() - 10 });
    expect(() => guard.authenticate(`Bearer ${token}`)).toThrow('The token has expired');
  });

  it('checks the token before the role, so a bad token is 401 even on an admin route', () => {
    expect(() => guard.canActivate(contextFor('undecorated', 'Bearer x').context)).toThrow(
      UnauthorizedException,
    );
  });

  describe('verified-token cache', () => {
    const fresh = () => {
      const jwt = new JwtService({ secret: SECRET });
      const verify = jest.spyOn(jwt, 'verify');
      return { guard: new JwtAuthGuard(new Reflector(), jwt), verify };
    };

    it('checks the signature of a token once, and answers its later uses from memory', () => {
      const { guard: cached, verify } = fresh();
      const header = bearer(['reporter'], 'carol');
      for (let i = 0; i < 3; i++) {
        const { context, request } = contextFor('read', header);
        expect(cached.canActivate(context)).toBe(true);
        expect(request[REQUEST_USER]).toEqual({ userId: 'carol', roles: ['reporter'] });
      }
      expect(verify).toHaveBeenCalledTimes(1);
      // The role check still runs on every request.
      expect(() => cached.canActivate(contextFor('command', header).context)).toThrow(ForbiddenException);
    });

    it('refuses a remembered token once it has expired', () => {
      const { guard: cached } = fresh();
      const now = Math.floor(Date.now() / 1000);
      const token = rawToken(
        { alg: 'HS256', typ: 'JWT' },
        { sub: 'dave', roles: ['reporter'], exp: now + 60 },
      );
      expect(cached.canActivate(contextFor('read', `Bearer ${token}`).context)).toBe(true);

      cached.nowSeconds = () => now + 60;

      expect(() => cached.canActivate(contextFor('read', `Bearer ${token}`).context)).toThrow(
        new UnauthorizedException('The token has expired'),
      );
    });

    it('never lets a forged signature ride on a remembered token', () => {
      const { guard: cached } = fresh();
      const payload = { sub: 'erin', roles: ['reporter'] };
      const genuine = rawToken({ alg: 'HS256', typ: 'JWT' }, payload);
      expect(cached.canActivate(contextFor('read', `Bearer ${genuine}`).context)).toBe(true);
      const forged = rawToken({ alg: 'HS256', typ: 'JWT' }, { ...payload, roles: ['admin'] }, 'x'.repeat(40));

      expect(() => cached.canActivate(contextFor('read', `Bearer ${forged}`).context)).toThrow(
        UnauthorizedException,
      );
    });
  });
});
