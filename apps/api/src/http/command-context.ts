import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { REQUEST_USER } from '../auth/auth.decorators';
import type { AuthenticatedUser, CommandMetadata } from '@serial/runtime';

const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[\x21-\x7e]{1,128}$/;

type CommandRequest = {
  headers: Record<string, string | string[] | undefined>;
  [REQUEST_USER]?: AuthenticatedUser;
};

/**
 * The metadata of the command a request causes: the user is the JWT subject and nothing the body
 * says; a caller may tie its requests together with `X-Correlation-Id`.
 */
export const CommandContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandMetadata => {
    const request = context.switchToHttp().getRequest<CommandRequest>();
    const user = request[REQUEST_USER];
    if (!user) throw new Error('@CommandContext() needs an authenticated route');
    const commandId = randomUUID();
    const header = request.headers[CORRELATION_HEADER];
    const correlationId = typeof header === 'string' && CORRELATION_ID.test(header) ? header : commandId;
    return {
      userId: user.userId,
      commandId,
      correlationId,
      causationId: commandId,
      occurredAt: new Date().toISOString(),
    };
  },
);
