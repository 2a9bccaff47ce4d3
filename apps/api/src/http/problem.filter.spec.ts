import { ArgumentsHost, UnauthorizedException } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { ProblemFilter } from './problem.filter';

function rawResponse(): ServerResponse & { log?: unknown; err?: unknown; body?: string } {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  Object.assign(response, { end: (body: string) => Object.assign(response, { body }) });
  return response;
}

function hostFor(response: unknown): ArgumentsHost {
  return { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
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

  it('hands a server fault to the request logger rather than logging it twice', () => {
    const response = Object.assign(rawResponse(), { log: {} });
    const error = new Error('boom');
    filter.catch(error, hostFor(response));
    expect(response.statusCode).toBe(500);
    expect(response.err).toBe(error);
  });

  it('leaves client errors out of the error log', () => {
    const response = Object.assign(rawResponse(), { log: {} });
    filter.catch(new UnauthorizedException(), hostFor(response));
    expect(response.err).toBeUndefined();
  });

  it('sends through a Fastify reply, unless one was already sent', () => {
    const send = jest.fn();
    const reply = {
      raw: Object.assign(rawResponse(), { log: {} }),
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
