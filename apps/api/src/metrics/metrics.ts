import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Projector } from '@serial/read-models';

/** One registry per application (not prom-client's global one), so two apps in a process never mix. */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'serial_commands_total',
    help: 'Commands handled, by command route and outcome (ok or the problem code)',
    labelNames: ['command', 'outcome'],
    registers: [this.registry],
  });

  readonly commandSeconds = new Histogram({
    name: 'serial_command_duration_seconds',
    help: 'Command latency from request to answer, by command route and outcome',
    labelNames: ['command', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly projectionBatchSeconds = new Histogram({
    name: 'projection_batch_duration_seconds',
    help: 'Time to apply one live batch of events to the read models (one transaction)',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly projectedEvents = new Counter({
    name: 'projection_events_total',
    help: 'Events applied to the read models by live batches of this process',
    registers: [this.registry],
  });

  readonly groupCommitAppends = new Histogram({
    name: 'event_store_group_commit_appends',
    help: 'Appends (commands) made durable together by one commit of the embedded event store',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [this.registry],
  });

  constructor(projector: Pick<Projector, 'projections'>) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'projection_lag_events',
      help: 'Events in the event store that a projection has not applied yet',
      labelNames: ['projection'],
      registers: [this.registry],
      // Read at scrape time: the value is only as old as the scrape.
      async collect() {
        for (const { name, lag } of await projector.projections()) this.set({ projection: name }, lag);
      },
    });
  }

  recordGroupCommit(appends: number): void {
    this.groupCommitAppends.observe(appends);
  }

  recordBatch(events: number, seconds: number): void {
    this.projectionBatchSeconds.observe(seconds);
    this.projectedEvents.inc(events);
  }

  recordCommand(command: string, outcome: string, seconds: number): void {
    this.commands.inc({ command, outcome });
    this.commandSeconds.observe({ command, outcome }, seconds);
  }
}
