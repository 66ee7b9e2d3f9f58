import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../src/core/config/loadConfig';
import { SwarmEvents } from '../src/core/events';
import type { ChatRequest } from '../src/core/llm/chatProvider';
import { createChatProvider } from '../src/core/llm/createChatProvider';
import { startLocalChatServer } from '../src/core/llm/localServer/localChatServer';
import type { ScriptedReply } from '../src/core/llm/localServer/scriptedReply';
import { DEFAULT_BURST_MS } from '../src/core/llm/rateLimiter';

const WRITE_FILE = {
  name: 'write_file',
  description: 'Write a workspace file.',
  parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
};

const ANSWER: ScriptedReply = {
  kind: 'message',
  content: 'Writing the service.',
  toolCalls: [{ name: 'write_file', arguments: { path: 'src/service.ts', content: 'export const service = () => 42;\n'.repeat(8) } }],
  chunkSize: 32,
  usage: { promptTokens: 120, completionTokens: 80 },
};

function request(text: string): ChatRequest {
  return { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You are the backend agent.' }, { role: 'user', content: text }], tools: [WRITE_FILE] };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/**
 * Model access overhead and pacing, against the local OpenAI-compatible server on 127.0.0.1:
 * - per call, the whole provider chain (metering, budget, retry, limiter, SDK, streaming assembly) against
 *   a bare `fetch` of the same streamed request, both with the server answering at once;
 * - 64 agents streaming concurrently through one limiter: every call served, the longest wait against
 *   the fair share, and the steady rate against the configured one.
 */
export async function benchLlm(): Promise<Record<string, number | string>> {
  const workspace = await mkdtemp(path.join(tmpdir(), 'swarm-bench-llm-'));
  try {
    return { ...(await overheadPerCall(workspace)), ...(await concurrentAgents(workspace)) };
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

async function overheadPerCall(workspace: string): Promise<Record<string, number>> {
  const server = await startLocalChatServer(() => ANSWER);
  try {
    const provider = createChatProvider({
      config: parseConfig({ baseUrl: server.baseUrl, cache: { enabled: false }, rateLimit: { requestsPerMinute: 10_000_000, tokensPerMinute: 2_000_000_000 }, budget: { maxCostUsd: 1e9 } }),
      workspace: path.join(workspace, 'overhead'),
      apiKeys: ['sk-bench-key-0000000000'],
      events: new SwarmEvents(),
      runId: 'bench',
    });
    const body = JSON.stringify({
      model: 'gpt-4o-mini',
      messages: request('x').messages,
      tools: [{ type: 'function', function: WRITE_FILE }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const bare = async () => {
      const response = await fetch(`${server.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-key-0000000000' },
        body,
      });
      await response.text();
    };
    const chain = () => provider.complete(request('x'));
    for (let i = 0; i < 100; i++) {
      await bare();
      await chain();
    }
    const bareMs: number[] = [];
    const chainMs: number[] = [];
    let bareCpu = 0;
    let chainCpu = 0;
    // Interleaved so both see the same machine state. CPU time (this process runs client and server)
    // is reported too: unlike wall time, it does not grow when other processes load the machine.
    for (let i = 0; i < 600; i++) {
      let cpu = process.cpuUsage();
      let start = performance.now();
      await bare();
      bareMs.push(performance.now() - start);
      cpu = process.cpuUsage(cpu);
      bareCpu += cpu.user + cpu.system;
      cpu = process.cpuUsage();
      start = performance.now();
      await chain();
      chainMs.push(performance.now() - start);
      cpu = process.cpuUsage(cpu);
      chainCpu += cpu.user + cpu.system;
    }
    return {
      llmCallMedianMs: round(median(chainMs)),
      llmBareFetchMedianMs: round(median(bareMs)),
      llmClientOverheadMedianMs: round(median(chainMs) - median(bareMs)),
      llmClientOverheadCpuMsPerCall: round((chainCpu - bareCpu) / 600 / 1000),
    };
  } finally {
    await server.close();
  }
}

async function concurrentAgents(workspace: string): Promise<Record<string, number | string>> {
  const agents = 64;
  const callsPerAgent = 8;
  const requestsPerMinute = 2400;
  const arrivals = new Map<string, number>();
  const server = await startLocalChatServer((received) => {
    const last = received.body.messages[received.body.messages.length - 1];
    arrivals.set(String(last?.content), performance.now());
    // A little model latency, so many streams are open at once.
    return { ...ANSWER, chunkSize: 16, delayMs: 20 };
  });
  try {
    const provider = createChatProvider({
      config: parseConfig({ baseUrl: server.baseUrl, cache: { enabled: false }, rateLimit: { requestsPerMinute, tokensPerMinute: 2_000_000_000 }, budget: { maxCostUsd: 1e9 } }),
      workspace: path.join(workspace, 'concurrent'),
      apiKeys: ['sk-bench-key-0000000000'],
      events: new SwarmEvents(),
      runId: 'bench',
    });
    // The time each call spends in the limiter's line, taken at the limiter itself: what fairness is about.
    const limiter = provider.rateLimiter!;
    const acquire = limiter.acquire.bind(limiter);
    const queueWaits: number[] = [];
    limiter.acquire = async (tokens, signal) => {
      const asked = performance.now();
      await acquire(tokens, signal);
      queueWaits.push(performance.now() - asked);
    };
    const waits: number[] = [];
    const completed = new Array<number>(agents).fill(0);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: agents }, async (_, agent) => {
        for (let call = 0; call < callsPerAgent; call++) {
          const text = `agent ${agent} call ${call}`;
          const start = performance.now();
          await provider.complete({ ...request(text), context: { agent: `agent-${agent}` } });
          // Between asking and the server receiving: the wait at the limiter plus sending the request.
          waits.push(arrivals.get(text)! - start);
          completed[agent]!++;
        }
      }),
    );
    const times = [...arrivals.values()].sort((a, b) => a - b);
    // A token bucket lets through at most its burst plus the rate times the elapsed time: the rate held
    // is what came beyond the burst, from the moment all agents asked at once to the last arrival.
    const burst = Math.floor((requestsPerMinute * DEFAULT_BURST_MS) / 60_000);
    const achievedPerMinute = ((times.length - burst) / (times[times.length - 1]! - started)) * 60_000;
    // Strictly first come, first served with one call per agent in flight: nobody waits longer than it
    // takes to serve the other agents once.
    const fairShareMs = (agents / requestsPerMinute) * 60_000;
    return {
      limiterAgents: agents,
      limiterCalls: times.length,
      limiterAgentsCompletedAll: completed.filter((n) => n === callsPerAgent).length,
      limiterMaxQueueWaitMs: round(Math.max(...queueWaits), 1),
      limiterFairShareMs: round(fairShareMs, 1),
      limiterStarvedCalls: queueWaits.filter((w) => w > fairShareMs * 1.25 + 50).length,
      limiterMaxAskToArrivalMs: round(Math.max(...waits), 1),
      limiterConfiguredPerMinute: requestsPerMinute,
      limiterAchievedPerMinute: round(achievedPerMinute, 0),
      limiterRateErrorPct: round((Math.abs(achievedPerMinute - requestsPerMinute) / requestsPerMinute) * 100, 2),
    };
  } finally {
    await server.close();
  }
}
