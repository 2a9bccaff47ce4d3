import { StoreUnavailableError } from '@serial/event-store';
import { eventStoreCheck, ReadinessCheck, runReadinessChecks } from './readiness';

const up = (name: string): ReadinessCheck => ({ name, check: async () => undefined });

describe('runReadinessChecks', () => {
  it('is ready when every check passes', async () => {
    await expect(runReadinessChecks([up('eventStore'), up('readStore')])).resolves.toEqual({
      status: 'ready',
      checks: { eventStore: 'up', readStore: 'up' },
    });
  });

  it('is unavailable when a check throws, naming which one', async () => {
    const down = eventStoreCheck({ ping: () => Promise.reject(new StoreUnavailableError('disk gone')) });
    await expect(runReadinessChecks([down, up('readStore')])).resolves.toEqual({
      status: 'unavailable',
      checks: { eventStore: 'down', readStore: 'up' },
    });
  });

  it('counts a check that hangs as down', async () => {
    const hung: ReadinessCheck = { name: 'eventStore', check: () => new Promise(() => undefined) };
    await expect(runReadinessChecks([hung], 20)).resolves.toEqual({
      status: 'unavailable',
      checks: { eventStore: 'down' },
    });
  });
});
