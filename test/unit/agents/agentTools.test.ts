import { strict as assert } from 'node:assert';
import { agentToolDefinitions, agentToolSchemas } from '../../../src/core/agents/agentTools';

describe('agent tools (SPEC §3)', () => {
  const tools = agentToolDefinitions(agentToolSchemas(['REQ-001', 'REQ-002']));
  const byName = Object.fromEntries(tools.map((t) => [t.name, t]));

  it('are exactly write_file, read_file, list_files and finish, each with a description', () => {
    assert.deepEqual(tools.map((t) => t.name), ['write_file', 'read_file', 'list_files', 'finish']);
    for (const tool of tools) assert.ok(tool.description.length > 20, tool.name);
  });

  it('finish declares exactly the assigned IDs as covered.items.enum', () => {
    assert.deepEqual(byName.finish.parameters, {
      type: 'object',
      properties: {
        summary: { type: 'string', minLength: 1, description: 'What you built: files, how the requirements are met, anything the next agent must know' },
        covered: { type: 'array', items: { type: 'string', enum: ['REQ-001', 'REQ-002'] }, description: 'The assigned requirement IDs you fully implemented' },
      },
      required: ['summary', 'covered'],
    });
  });

  it('write_file takes path, content and requirements; read_file path; list_files an optional pattern', () => {
    const write = byName.write_file.parameters as { properties: Record<string, { type: string; items?: unknown }>; required: string[] };
    assert.deepEqual(Object.keys(write.properties), ['path', 'content', 'requirements']);
    assert.deepEqual(write.required, ['path', 'content', 'requirements']);
    assert.equal(write.properties.requirements.type, 'array');
    assert.deepEqual(write.properties.requirements.items, { type: 'string' });
    assert.deepEqual((byName.read_file.parameters as { required: string[] }).required, ['path']);
    assert.equal((byName.list_files.parameters as { required?: string[] }).required, undefined);
    assert.deepEqual(Object.keys((byName.list_files.parameters as { properties: object }).properties), ['pattern']);
    for (const tool of tools) assert.equal('$schema' in tool.parameters, false);
  });

  it('validates finish.covered against the assigned IDs', () => {
    const { finish } = agentToolSchemas(['REQ-001']);
    assert.equal(finish.safeParse({ summary: 's', covered: ['REQ-001'] }).success, true);
    const bad = finish.safeParse({ summary: 's', covered: ['REQ-002'] });
    assert.equal(bad.success, false);
    assert.equal(bad.error?.issues[0].message, '"REQ-002" is not assigned to you; valid IDs: REQ-001');
  });

  it('with no assigned IDs, covered can only be empty', () => {
    const { finish } = agentToolSchemas([]);
    assert.equal(finish.safeParse({ summary: 's', covered: [] }).success, true);
    assert.equal(finish.safeParse({ summary: 's', covered: ['REQ-001'] }).success, false);
  });
});
