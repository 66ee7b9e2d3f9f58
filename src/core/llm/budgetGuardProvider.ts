import type { ChatProvider, ChatRequest, ChatResponse } from './chatProvider';
import type { CostMeter } from './costMeter';

/** Refuses to start a call once the run's budget is spent (a cached answer, served above this, stays free). */
export class BudgetGuardProvider implements ChatProvider {
  readonly description: string;

  constructor(
    private readonly inner: ChatProvider,
    private readonly meter: CostMeter,
  ) {
    this.description = inner.description;
  }

  complete(request: ChatRequest): Promise<ChatResponse> {
    this.meter.assertBudgetLeft();
    return this.inner.complete(request);
  }

  verify(signal?: AbortSignal): Promise<void> {
    return this.inner.verify ? this.inner.verify(signal) : Promise.resolve();
  }
}
