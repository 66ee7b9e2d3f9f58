import type { SwarmEvents } from '../events';
import type { ChatProvider, ChatRequest, ChatResponse } from './chatProvider';
import type { CostMeter } from './costMeter';

/** Counts every answered call into the meter and emits it as an `llm:call` event. */
export class MeteredProvider implements ChatProvider {
  readonly description: string;

  constructor(
    private readonly inner: ChatProvider,
    private readonly meter: CostMeter,
    private readonly observer: { events: SwarmEvents; runId: string },
  ) {
    this.description = inner.description;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const started = performance.now();
    const response = await this.inner.complete(request);
    const cached = response.cached === true;
    const { tokens, costUsd } = this.meter.record({
      model: request.model,
      answeredModel: response.model,
      agent: request.context?.agent,
      usage: response.usage,
      cached,
    });
    this.observer.events.emit('llm:call', {
      runId: this.observer.runId,
      taskId: request.context?.taskId,
      agent: request.context?.agent,
      model: request.model,
      durationMs: Math.round(performance.now() - started),
      tokens,
      costUsd,
      cached,
    });
    return response;
  }

  verify(signal?: AbortSignal): Promise<void> {
    return this.inner.verify ? this.inner.verify(signal) : Promise.resolve();
  }
}
