import { MemoryLeaseStore } from '../testing/lease-fixtures';
import { ManualClock } from '../testing/manual-time';
import { mayClaim, ProjectorLease } from './projector-lease';

const TERM = 15_000;

describe('projector lease', () => {
  let clock: ManualClock;
  let store: MemoryLeaseStore;
  const lease = (owner: string) => new ProjectorLease(store, owner, { termMs: TERM, clock: clock.now });

  beforeEach(() => {
    clock = new ManualClock();
    store = new MemoryLeaseStore();
  });

  it('may be claimed when free, by its holder, or once lapsed; not while another holds it', () => {
    const now = new Date('2026-03-01T08:00:00.000Z');
    const held = { owner: 'a', expiresAt: new Date(now.getTime() + 1) };

    expect(mayClaim(null, 'b', now)).toBe(true);
    expect(mayClaim(held, 'a', now)).toBe(true);
    expect(mayClaim(held, 'b', now)).toBe(false);
    expect(mayClaim({ ...held, expiresAt: now }, 'b', now)).toBe(true);
  });

  it('is acquired when free and held for its term', async () => {
    const first = lease('first');

    expect(await first.claim()).toBe(true);
    expect(store.current).toEqual({ owner: 'first', expiresAt: new Date(clock.now().getTime() + TERM) });
    expect(first.isHeld).toBe(true);
  });

  it('is renewed by its holder, which pushes its end further', async () => {
    const first = lease('first');
    await first.claim();
    clock.advance(10_000);

    expect(await first.claim()).toBe(true);
    clock.advance(10_000);
    expect(first.isHeld).toBe(true);
    expect(store.current?.expiresAt).toEqual(new Date(clock.now().getTime() + 5_000));
  });

  it('lapses by its own count when the holder does not renew it', async () => {
    const first = lease('first');
    await first.claim();

    clock.advance(TERM - 1);
    expect(first.isHeld).toBe(true);
    clock.advance(1);
    expect(first.isHeld).toBe(false);
  });

  it('of two contenders, goes to one; the other takes over only once it lapses', async () => {
    const [first, second] = [lease('first'), lease('second')];

    expect(await first.claim()).toBe(true);
    expect(await second.claim()).toBe(false);
    clock.advance(TERM - 1);
    expect(await second.claim()).toBe(false);
    clock.advance(1);
    expect(await second.claim()).toBe(true);
    expect(second.isHeld).toBe(true);
  });

  it('is lost by a holder that let it lapse and was taken over', async () => {
    const [first, second] = [lease('first'), lease('second')];
    await first.claim();
    clock.advance(TERM);
    await second.claim();

    expect(await first.claim()).toBe(false);
    expect(first.isHeld).toBe(false);
    expect(store.current?.owner).toBe('second');
  });

  it('counts its term from when it asked, so a slow answer never extends it', async () => {
    const slow = new ProjectorLease(
      {
        claim: async (owner, now, until) => {
          clock.advance(4_000);
          return store.claim(owner, now, until);
        },
        release: (owner, now) => store.release(owner, now),
      },
      'slow',
      { termMs: TERM, clock: clock.now },
    );

    await slow.claim();
    clock.advance(TERM - 4_000);

    expect(slow.isHeld).toBe(false);
  });

  it('once released, can be taken by another at once', async () => {
    const [first, second] = [lease('first'), lease('second')];
    await first.claim();

    await first.release();

    expect(first.isHeld).toBe(false);
    expect(await second.claim()).toBe(true);
  });
});
