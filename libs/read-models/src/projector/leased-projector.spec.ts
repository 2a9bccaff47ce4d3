import type { ProjectionStore } from '../projection-store.port';
import { RecordingLogger } from '../testing/projector-fixtures';
import { MemoryLeaseStore } from '../testing/lease-fixtures';
import { ManualClock, ManualTimers } from '../testing/manual-time';
import { LeasedProjector, rebuildOnlyWithLease, type Startable } from './leased-projector';
import { ProjectorLease } from './projector-lease';

const TERM = 15_000;

class RecordingProjector implements Startable {
  readonly calls: string[] = [];
  start = async () => void this.calls.push('start');
  stop = async () => void this.calls.push('stop');
}

describe('LeasedProjector', () => {
  let clock: ManualClock;
  let store: MemoryLeaseStore;

  const instance = (owner: string) => {
    const timers = new ManualTimers(clock);
    const projector = new RecordingProjector();
    const lease = new ProjectorLease(store, owner, { termMs: TERM, clock: clock.now });
    const leased = new LeasedProjector(projector, lease, {
      renewEveryMs: TERM / 3,
      standbyRetryMs: TERM / 3,
      logger: new RecordingLogger(),
      timers,
    });
    return { leased, projector, timers };
  };

  beforeEach(() => {
    clock = new ManualClock();
    store = new MemoryLeaseStore();
  });

  it('projects on the instance that gets the lease; the other stands by', async () => {
    const [first, second] = [instance('first'), instance('second')];

    await first.leased.start();
    await second.leased.start();

    expect(first.projector.calls).toEqual(['start']);
    expect(first.leased.isActive).toBe(true);
    expect(second.projector.calls).toEqual([]);
    expect(second.leased.isActive).toBe(false);
  });

  it('keeps projecting while it renews', async () => {
    const first = instance('first');
    await first.leased.start();

    for (let renewal = 0; renewal < 5; renewal += 1) await first.timers.fireNext();

    expect(first.projector.calls).toEqual(['start']);
    expect(store.current?.owner).toBe('first');
  });

  it('takes over on a standby once the holder stops renewing and its lease lapses', async () => {
    const [first, second] = [instance('first'), instance('second')];
    await first.leased.start();
    await second.leased.start();

    await second.timers.fireNext();
    await second.timers.fireNext();
    expect(second.projector.calls).toEqual([]);
    await second.timers.fireNext();

    expect(second.projector.calls).toEqual(['start']);
    expect(store.current?.owner).toBe('second');
  });

  it('stops projecting when it finds its lease taken', async () => {
    const first = instance('first');
    await first.leased.start();
    store.current = { owner: 'second', expiresAt: new Date(clock.now().getTime() + TERM) };

    await first.timers.fireNext();

    expect(first.projector.calls).toEqual(['start', 'stop']);
    expect(first.leased.isActive).toBe(false);
  });

  it('rides out a store failure until its own term ends, then stops', async () => {
    const first = instance('first');
    await first.leased.start();
    store.failing = new Error('no primary');

    await first.timers.fireNext();
    await first.timers.fireNext();
    expect(first.projector.calls).toEqual(['start']);
    await first.timers.fireNext();

    expect(first.projector.calls).toEqual(['start', 'stop']);
    store.failing = null;
    await first.timers.fireNext();
    expect(first.projector.calls).toEqual(['start', 'stop', 'start']);
  });

  it('releases the lease when stopped, so that a standby takes over at its next attempt', async () => {
    const [first, second] = [instance('first'), instance('second')];
    await first.leased.start();
    await second.leased.start();

    await first.leased.stop();
    await second.timers.fireNext();

    expect(first.projector.calls).toEqual(['start', 'stop']);
    expect(second.projector.calls).toEqual(['start']);
    await expect(first.timers.fireNext()).rejects.toThrow('No timer is pending');
  });

  it('lets a rebuild begin only while the lease is held here', async () => {
    const begun: string[] = [];
    const store = { beginRebuild: async () => void begun.push('rebuild') } as unknown as ProjectionStore;
    let holds = false;
    const guarded = rebuildOnlyWithLease(store, () => holds);

    await expect(guarded.beginRebuild()).rejects.toThrow('does not hold the projector lease');
    holds = true;
    await guarded.beginRebuild();

    expect(begun).toEqual(['rebuild']);
  });
});
