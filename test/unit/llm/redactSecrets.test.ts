import assert from 'node:assert/strict';
import { apiKeysFromEnv, isLoopbackUrl } from '../../../src/core/llm/apiKeys';
import { redactSecrets } from '../../../src/core/llm/redactSecrets';

describe('key hygiene', () => {
  it('redacts known keys wherever they appear', () => {
    const key = 'my-custom-gateway-token-123';
    assert.equal(redactSecrets(`failed with ${key} and again ${key}.`, [key]), 'failed with [redacted] and again [redacted].');
  });

  it('redacts anything shaped like an OpenAI key or a bearer token, masked ones included', () => {
    assert.equal(redactSecrets('Incorrect API key provided: sk-proj-********************abcd.'), 'Incorrect API key provided: [redacted].');
    assert.equal(redactSecrets('header Authorization: Bearer abc.def-123'), 'header Authorization: Bearer [redacted]');
    assert.equal(redactSecrets('nothing secret in sky-blue or task-42'), 'nothing secret in sky-blue or task-42');
  });

  it('leaves very short "keys" alone rather than shred the text', () => {
    assert.equal(redactSecrets('a local server at x', ['x']), 'a local server at x');
  });

  it('reads keys from the environment in rotation order, without duplicates', () => {
    assert.deepEqual(apiKeysFromEnv({ SWARM_API_KEYS: 'k1, k2\nk3', SWARM_API_KEY: 'k2', OPENAI_API_KEY: 'k4' }), ['k1', 'k2', 'k3', 'k4']);
    assert.deepEqual(apiKeysFromEnv({ OPENAI_API_KEY: '  k ' }), ['k']);
    assert.deepEqual(apiKeysFromEnv({}), []);
  });

  it('knows which endpoints are on this machine', () => {
    assert.ok(isLoopbackUrl('http://127.0.0.1:1234/v1'));
    assert.ok(isLoopbackUrl('http://localhost:11434/v1'));
    assert.ok(isLoopbackUrl('http://[::1]:8000/v1'));
    assert.ok(!isLoopbackUrl('https://api.openai.com/v1'));
    assert.ok(!isLoopbackUrl('not a url'));
  });
});
