import { ArgumentsHost, Logger, UnauthorizedException } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { problemCodeOf, ProblemFilter } from './problem.filter';

function rawResponse(): ServerResponse & { body?: string } {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  Object.assign(response, { end: (body: string) => Object.assign(response, { body }) });
  return response;
}

const REQUEST = { id: 'req-7', method: 'POST', url: '/v1/serials/receive' };

function hostFor(response: unknown): ArgumentsHost {
  return {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => REQUEST }),
  } as unknown as ArgumentsHost;
}

describe('ProblemFilter', () => {
  const filter = new ProblemFilter();

  it('answers on a raw Node response (errors raised in middleware)', () => {
    const response = rawResponse();
    filter.catch(new UnauthorizedException('The token is invalid'), hostFor(response));
    expect(response.statusCode).toBe(401);
    expect(response.getHeader('content-type')).toBe('application/problem+json');
    expect(response.getHeader('www-authenticate')).toBe('Bearer');
    expect(JSON.parse(response.body ?? '')).toMatchObject({
      code: 'UNAUTHENTICATED',
      detail: 'The token is invalid',
    });
  });

  it('logs a server fault with its stack and request, and marks the response with the problem code', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const response = rawResponse();
    const error = new Error('boom');
    filter.catch(error, hostFor(response));
    expect(response.statusCode).toBe(500);
    expect(logged).toHaveBeenCalledWith({ err: error, req: REQUEST }, expect.any(String));
    expect(problemCodeOf(response)).toBe('INTERNAL_ERROR');
    logged.mockRestore();
  });

  it('leaves client errors out of the error log', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const response = rawResponse();
    filter.catch(new UnauthorizedException(), hostFor(response));
    expect(logged).not.toHaveBeenCalled();
    expect(problemCodeOf(response)).toBe('UNAUTHENTICATED');
    logged.mockRestore();
  });

  it('sends through a Fastify reply, unless one was already sent', () => {
    const send = jest.fn();
    const reply = {
      raw: rawResponse(),
      sent: false,
      status: jest.fn(),
      headers: jest.fn(),
      send,
    };
    reply.status.mockReturnValue(reply);
    reply.headers.mockReturnValue(reply);
    filter.catch(new Error('boom'), hostFor(reply));
    expect(reply.status).toHaveBeenCalledWith(500);
    expect(reply.headers).toHaveBeenCalledWith({ 'content-type': 'application/problem+json' });
    expect(JSON.parse(send.mock.calls[0][0])).toMatchObject({ code: 'INTERNAL_ERROR' });

    filter.catch(new Error('again'), hostFor({ ...reply, sent: true }));
    expect(send).toHaveBeenCalledTimes(1);
  });
});
