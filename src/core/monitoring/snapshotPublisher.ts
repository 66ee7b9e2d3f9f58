import type { SwarmEvents } from '../events';
import type { MonitorSnapshot } from './monitorSnapshot';
import type { RunMonitor } from './runMonitor';

/**
 * Publishes the monitor's snapshot while a run goes: at most once per `intervalMs` (a run emits far
 * more events than a chart can show), always once after the last event of a burst, and at once at
 * `run:start` and `run:end`. Listen on the same `SwarmEvents` the monitor listens to.
 */
export function publishSnapshots(events: SwarmEvents, monitor: RunMonitor, publish: (snapshot: MonitorSnapshot) => void, intervalMs = 250): () => void {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const send = () => {
    timer = undefined;
    last = Date.now();
    publish(monitor.snapshot());
  };
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(send, Math.max(0, last + intervalMs - Date.now()));
  };
  const offAny = events.onAny((name) => {
    if (name === 'log') return;
    // `onAny` listeners run after the named ones, so the monitor has already taken the event in.
    if (name === 'run:start' || name === 'run:end') {
      clearTimeout(timer);
      send();
      return;
    }
    schedule();
  });
  return () => {
    offAny();
    clearTimeout(timer);
    timer = undefined;
  };
}
