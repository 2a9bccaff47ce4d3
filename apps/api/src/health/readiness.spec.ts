import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { StoreUnavailableError } from '@serial/event-store';
import { eventStoreCheck, Readiness, READINESS_CHECKS, ReadinessCheck } from './readiness';

const up = (name: string): ReadinessCheck => ({ name, check: async () => undefined });

async function readiness(checks: ReadinessCheck[], timeoutMs?: number): Promise<Readiness> {
  const module = await Test.createTestingModule({
    imports: [TerminusModule.forRoot({ logger: false })],
    providers: [Readiness, { provide: READINESS_CHECKS, useValue: checks }],
  }).compile();
  const service = module.get(Readiness);
  if (timeoutMs !== undefined) service.timeoutMs = timeoutMs;
  return service;
}

describe('Readiness', () => {
  it('is ready when every check passes', async () => {
    await expect((await readiness([up('eventStore'), up('readStore')])).report()).resolves.toEqual({
      status: 'ready',
      checks: { eventStore: 'up', readStore: 'up' },
    });
  });

  it('is unavailable when a check throws, naming which one', async () => {
    const down = eventStoreCheck({ ping: () => Promise.reject(new StoreUnavailableError('disk gone')) });
    await expect((await readiness([down, up('readStore')])).report()).resolves.toEqual({
      status: 'unavailable',
      checks: { eventStore: 'down', readStore: 'up' },
    });
  });

  it('counts a check that hangs as down', async () => {
    const hung: ReadinessCheck = { name: 'eventStore', check: () => new Promise(() => undefined) };
    await expect((await readiness([hung], 20)).report()).resolves.toEqual({
      status: 'unavailable',
      checks: { eventStore: 'down' },
    });
  });
});
