import { ManualClock, ManualTimers } from '../testing/manual-time';
import { checkpointPolling, readModelProgress, type ReadModelProgress } from './read-model-progress';

const POLL_MS = 20;

/** A stored checkpoint the test moves, counting how often it was read. */
class StoredCheckpoint {
  position = 0n;
  reads = 0;

  checkpoint = async (): Promise<bigint> => {
    this.reads += 1;
    return this.position;
  };
}

/** A projector that answers every wait with `answer`, recording what it was asked. */
class AnsweringProjector implements ReadModelProgress {
  readonly asked: bigint[] = [];

  constructor(private readonly answer: boolean) {}

  async waitForPosition(position: bigint): Promise<boolean> {
    this.asked.push(position);
    return this.answer;
  }
}

/** Lets a pending poll read the checkpoint and arm its next timer. */
const settle = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

describe('checkpointPolling', () => {
  let clock: ManualClock;
  let timers: ManualTimers;
  let stored: StoredCheckpoint;
  let polling: ReadModelProgress;

  beforeEach(() => {
    clock = new ManualClock();
    timers = new ManualTimers(clock);
    stored = new StoredCheckpoint();
    polling = checkpointPolling(stored, { pollMs: POLL_MS, timers, now: () => clock.now().getTime() });
  });

  it('answers at once when the stored checkpoint already holds the position', async () => {
    stored.position = 7n;
    await expect(polling.waitForPosition(7n, 1_000)).resolves.toBe(true);
    expect(stored.reads).toBe(1);
  });

  it('reads the checkpoint again every poll interval until it holds the position', async () => {
    let reached: boolean | undefined;
    void polling.waitForPosition(5n, 1_000).then((result) => (reached = result));
    await settle();
    await timers.fireNext();
    expect(reached).toBeUndefined();
    stored.position = 5n;
    await timers.fireNext();
    expect(reached).toBe(true);
    expect(stored.reads).toBe(3);
  });

  it('gives up once the timeout has passed without the position', async () => {
    let reached: boolean | undefined;
    void polling.waitForPosition(5n, 50).then((result) => (reached = result));
    await settle();
    for (let poll = 0; poll < 3; poll += 1) await timers.fireNext();
    expect(reached).toBe(false);
    // Read at 0, 20, 40 and 60 ms: the last read is past the deadline.
    expect(stored.reads).toBe(4);
    await expect(timers.fireNext()).rejects.toThrow('No timer is pending');
  });
});

describe('readModelProgress', () => {
  const reachedPosition = async (progress: ReadModelProgress) => progress.waitForPosition(3n, 0);

  it('watches the stored checkpoint in a process that does not project', async () => {
    const stored = new StoredCheckpoint();
    const projector = new AnsweringProjector(true);
    const progress = readModelProgress({ projector, leased: null }, stored, false);
    expect(await reachedPosition(progress)).toBe(false);
    expect(projector.asked).toEqual([]);
    expect(stored.reads).toBe(1);
  });

  it('asks the projector itself when it projects here without a lease', () => {
    const projector = new AnsweringProjector(true);
    expect(readModelProgress({ projector, leased: null }, new StoredCheckpoint(), true)).toBe(projector);
  });

  it('asks the projector while holding the lease, and the stored checkpoint while standing by', async () => {
    const stored = new StoredCheckpoint();
    const projector = new AnsweringProjector(true);
    const leased = { isActive: true };
    const progress = readModelProgress({ projector, leased }, stored, true);

    expect(await reachedPosition(progress)).toBe(true);
    expect(projector.asked).toEqual([3n]);
    expect(stored.reads).toBe(0);

    leased.isActive = false;
    expect(await reachedPosition(progress)).toBe(false);
    expect(projector.asked).toEqual([3n]);
    expect(stored.reads).toBe(1);
  });
});
