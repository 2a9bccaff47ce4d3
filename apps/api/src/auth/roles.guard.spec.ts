import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Public, REQUEST_USER, Roles } from './auth.decorators';
import { RolesGuard } from './roles.guard';
import type { Role } from '@serial/runtime';

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

/** A request as authenticateRequests leaves it: with the verified user, or none. */
function contextFor(handler: Handler, roles?: Role[], controller: object = Routes): ExecutionContext {
  const request = roles === undefined ? {} : { [REQUEST_USER]: { userId: 'alice', roles } };
  const proto = (controller as { prototype: Record<string, () => void> }).prototype;
  return {
    getHandler: () => proto[handler],
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

const guard = new RolesGuard(new Reflector());

describe('RolesGuard', () => {
  it('lets anyone through a @Public() route', () => {
    expect(guard.canActivate(contextFor('health'))).toBe(true);
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
    const run = () => guard.canActivate(contextFor(handler, roles));
    if (allowed) expect(run()).toBe(true);
    else expect(run).toThrow(ForbiddenException);
  });

  it('takes the controller roles unless the handler names its own', () => {
    expect(guard.canActivate(contextFor('list', ['reporter'], ReporterController))).toBe(true);
    expect(() => guard.canActivate(contextFor('rebuild', ['reporter'], ReporterController))).toThrow(
      ForbiddenException,
    );
  });

  it('fails closed with 401 on a route the token check did not authenticate', () => {
    expect(() => guard.canActivate(contextFor('undecorated'))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(contextFor('read'))).toThrow(UnauthorizedException);
  });
});
