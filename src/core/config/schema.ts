import * as z from 'zod';

export const agentConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'an agent id is lower-case letters, digits and dashes'),
    role: z.string().min(1).optional(),
    capabilities: z.array(z.string().min(1)).optional(),
    dependsOn: z.array(z.string()).optional(),
    fallback: z.string().optional(),
    maxTurns: z.number().int().min(1).max(500).optional(),
    timeoutMs: z.number().int().min(1000).optional(),
    allowedPaths: z.array(z.string().min(1)).optional(),
    model: z.string().min(1).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

const alertSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('webhook'), url: z.url(), headers: z.record(z.string(), z.string()).optional() }).strict(),
  z.object({ type: z.literal('slack'), webhookUrl: z.url() }).strict(),
  z
    .object({
      type: z.literal('email'),
      smtpUrl: z.string().regex(/^smtps?:\/\//, 'an SMTP URL starts with smtp:// or smtps://'),
      from: z.string().min(3),
      to: z.array(z.string().min(3)).min(1),
    })
    .strict(),
]);

const priceSchema = z.object({ promptPerMillion: z.number().min(0), completionPerMillion: z.number().min(0) }).strict();

export const swarmConfigSchema = z
  .object({
    model: z.string().min(1).default('gpt-4o-mini'),
    baseUrl: z.url().default('https://api.openai.com/v1'),
    concurrency: z.number().int().min(1).max(64).default(4),
    requirementsFile: z.string().min(1).default('REQUIREMENTS.md'),
    agents: z.array(agentConfigSchema).default([]),
    recovery: z
      .object({
        attempts: z.number().int().min(1).max(10).default(3),
        backoffMs: z.array(z.number().int().min(0)).default([5000, 15000, 30000]),
      })
      .strict()
      .prefault({}),
    gates: z
      .object({
        requirementCoverage: z.number().min(0).max(1).default(0.8),
        agentSuccessRate: z.number().min(0).max(1).default(0.9),
        maxPlaceholderFiles: z.number().int().min(0).default(0),
        maxCostUsd: z.number().min(0).optional(),
        mustRequirementsCovered: z.boolean().optional(),
      })
      .strict()
      .prefault({}),
    rateLimit: z
      .object({
        requestsPerMinute: z.number().int().min(1).default(60),
        tokensPerMinute: z.number().int().min(1).default(150000),
      })
      .strict()
      .prefault({}),
    cache: z.object({ enabled: z.boolean().default(true) }).strict().prefault({}),
    pricing: z.record(z.string(), priceSchema).default({}),
    budget: z.object({ maxCostUsd: z.number().min(0).default(5) }).strict().prefault({}),
    approval: z.enum(['auto', 'on-failure', 'always']).default('on-failure'),
    alerts: z.array(alertSchema).default([]),
    placeholders: z
      .object({
        disabledRules: z.array(z.string()).default([]),
        extraPatterns: z.array(z.object({ id: z.string(), pattern: z.string(), message: z.string() }).strict()).default([]),
      })
      .strict()
      .prefault({}),
    planning: z
      .object({
        /** Let the architect reassign untagged requirements with one model call before the run (the plan then differs from `swarm plan`). */
        modelAssisted: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    validation: z
      .object({
        disabledRules: z.array(z.string()).default([]),
        /** Extra rules as data: a file matching `files` must (not) match a regular expression. */
        rules: z
          .array(
            z
              .object({
                id: z.string().regex(/^[a-z][a-z0-9-]*$/),
                files: z.string().min(1),
                mustMatch: z.string().optional(),
                mustNotMatch: z.string().optional(),
                message: z.string().min(1),
                suggestion: z.string().optional(),
                appliesTo: z.array(z.string()).optional(),
              })
              .strict()
              .refine((r) => r.mustMatch !== undefined || r.mustNotMatch !== undefined, 'a rule needs mustMatch or mustNotMatch'),
          )
          .default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type SwarmConfig = z.infer<typeof swarmConfigSchema>;
export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type AlertConfig = z.infer<typeof alertSchema>;
